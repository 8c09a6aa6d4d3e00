import { ancestorCodes, canonicalPrefix, isInside, parentCode, regionCodeSchema, regionLevelOf } from './region';

describe('region codes', () => {
  it.each([
    ['420000', 'PROVINCE', '42'],
    ['420100', 'CITY', '4201'],
    ['360323', 'COUNTY', '360323'],
    ['360323101', 'TOWNSHIP', '360323101'],
    ['360323101201', 'VILLAGE', '360323101201'],
  ])('%s is a %s with canonical prefix %s', (code, level, prefix) => {
    expect(regionLevelOf(code)).toBe(level);
    expect(canonicalPrefix(code)).toBe(prefix);
  });

  it('tells inside from outside by canonical prefix', () => {
    expect(isInside('360323101201', '360000')).toBe(true);
    expect(isInside('360323101201', '360300')).toBe(true);
    expect(isInside('360323', '360323')).toBe(true);
    expect(isInside('420102', '360000')).toBe(false);
    // 360300 is the city; a county of another city of the same province is outside it.
    expect(isInside('360102', '360300')).toBe(false);
    // A province is not inside one of its counties.
    expect(isInside('360000', '360323')).toBe(false);
  });

  it('walks up the tree', () => {
    expect(parentCode('360323101201')).toBe('360323101');
    expect(parentCode('360323101')).toBe('360323');
    expect(parentCode('360323')).toBe('360300');
    expect(parentCode('360300')).toBe('360000');
    expect(parentCode('360000')).toBeNull();
    expect(parentCode('429004')).toBe('420000');
    expect(ancestorCodes('360323101201')).toEqual(['360323101', '360323', '360300', '360000']);
  });

  it('validates code shape', () => {
    expect(regionCodeSchema.safeParse('360323').success).toBe(true);
    expect(regionCodeSchema.safeParse('36032').success).toBe(false);
    expect(regionCodeSchema.safeParse('3603231012').success).toBe(false);
    expect(regionCodeSchema.safeParse('00032310').success).toBe(false);
    expect(regionCodeSchema.safeParse('36a323').success).toBe(false);
    expect(() => regionLevelOf('1234567')).toThrow('not a region code');
  });
});
