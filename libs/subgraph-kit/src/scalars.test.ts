import { Kind } from 'graphql';
import { FenScalar } from './scalars';

describe('Fen', () => {
  it('passes 2^31 and keeps whole fen from a number, a bigint or bigint text', () => {
    expect(FenScalar.serialize(2 ** 31 + 5)).toBe(2 ** 31 + 5);
    expect(FenScalar.serialize('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(FenScalar.serialize(BigInt(3_000_000_000))).toBe(3_000_000_000);
    expect(FenScalar.parseValue(2_000_000_000_00)).toBe(200_000_000_000);
    expect(FenScalar.parseLiteral({ kind: Kind.INT, value: '4294967296' })).toBe(4294967296);
  });

  it('refuses floats, decimal text, unsafe integers and strings on input', () => {
    for (const bad of [1.5, '12.00', '9007199254740993', Number.MAX_SAFE_INTEGER + 2]) {
      expect(() => FenScalar.serialize(bad)).toThrow(/whole number of fen/);
    }
    expect(() => FenScalar.parseValue('100')).toThrow(/whole number of fen/);
    expect(() => FenScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.5' })).toThrow(/whole number of fen/);
  });
});
