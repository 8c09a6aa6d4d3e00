import { fenFromBigint } from './money';

describe('fenFromBigint', () => {
  it('reads bigint text past 2^31 exactly', () => {
    expect(fenFromBigint('2250000333')).toBe(2_250_000_333);
    expect(fenFromBigint('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(fenFromBigint(0)).toBe(0);
  });
  it('refuses what would round or is not whole', () => {
    expect(() => fenFromBigint('9007199254740993')).toThrow(RangeError);
    expect(() => fenFromBigint('12.5')).toThrow(RangeError);
  });
});
