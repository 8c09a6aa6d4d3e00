import {
  ancestorCodes,
  provinceOf,
  canonicalPrefix,
  isInside,
  isRegionPrefix,
  overlapOf,
  parentCode,
  parseRegionCode,
  parseRegionPrefix,
  prefixContains,
  regionCodeSchema,
  regionLevelOf,
  regionOfPrefix,
} from './region';

const rc = parseRegionCode;

describe('region codes', () => {
  it.each([
    ['420000', 'PROVINCE', '42'],
    ['420100', 'CITY', '4201'],
    ['360323', 'COUNTY', '360323'],
    ['360323101', 'TOWNSHIP', '360323101'],
    ['360323101201', 'VILLAGE', '360323101201'],
  ])('%s is a %s with canonical prefix %s', (code, level, prefix) => {
    expect(regionLevelOf(rc(code))).toBe(level);
    expect(canonicalPrefix(rc(code))).toBe(prefix);
  });

  it('tells inside from outside by canonical prefix', () => {
    expect(isInside(rc('360323101201'), rc('360000'))).toBe(true);
    expect(isInside(rc('360323101201'), rc('360300'))).toBe(true);
    expect(isInside(rc('360323'), rc('360323'))).toBe(true);
    expect(isInside(rc('420102'), rc('360000'))).toBe(false);
    // 360300 is the city; a county of another city of the same province is outside it.
    expect(isInside(rc('360102'), rc('360300'))).toBe(false);
    // A province is not inside one of its counties.
    expect(isInside(rc('360000'), rc('360323'))).toBe(false);
  });

  it('walks up the tree', () => {
    expect(parentCode(rc('360323101201'))).toBe('360323101');
    expect(parentCode(rc('360323101'))).toBe('360323');
    expect(parentCode(rc('360323'))).toBe('360300');
    expect(parentCode(rc('360300'))).toBe('360000');
    expect(parentCode(rc('360000'))).toBeNull();
    expect(parentCode(rc('429004'))).toBe('420000');
    expect(ancestorCodes(rc('360323101201'))).toEqual(['360323101', '360323', '360300', '360000']);
  });

  it('validates code shape', () => {
    expect(regionCodeSchema.safeParse('360323').success).toBe(true);
    expect(regionCodeSchema.safeParse('36032').success).toBe(false);
    expect(regionCodeSchema.safeParse('3603231012').success).toBe(false);
    expect(regionCodeSchema.safeParse('00032310').success).toBe(false);
    expect(regionCodeSchema.safeParse('36a323').success).toBe(false);
    expect(() => parseRegionCode('1234567')).toThrow('not a region code');
    expect(() => parseRegionCode('36')).toThrow('not a region code');
  });

  it('keeps prefixes apart from codes', () => {
    const province = canonicalPrefix(rc('360000'));
    expect(prefixContains(province, '360323101201')).toBe(true);
    expect(prefixContains(province, '420102')).toBe(false);
    expect(overlapOf(province, canonicalPrefix(rc('360323')))).toBe('360323');
    expect(overlapOf(canonicalPrefix(rc('360323')), province)).toBe('360323');
    expect(overlapOf(province, canonicalPrefix(rc('420000')))).toBeNull();
    expect(regionOfPrefix(province)).toBe('360000');
    expect(regionOfPrefix(canonicalPrefix(rc('360300')))).toBe('360300');
    expect(regionOfPrefix(canonicalPrefix(rc('360323101')))).toBe('360323101');
    expect(isRegionPrefix('36')).toBe(true);
    expect(isRegionPrefix('363')).toBe(false);
    expect(() => parseRegionPrefix('00')).toThrow('not a region prefix');
    // @ts-expect-error a prefix is not a region code: this is the confusion the brands rule out
    expect(() => isInside(rc('360323'), province)).toThrow('not a region code');
    // @ts-expect-error a plain string is not a region code either
    expect(isInside('360323', rc('360000'))).toBe(true);
  });
});

describe('provinceOf', () => {
  it('is the province a region lies in, itself for a province', () => {
    expect(['420102', '420100', '420000', '429004', '420102001', '420102001001'].map((c) => provinceOf(parseRegionCode(c)))).toEqual([
      '420000', '420000', '420000', '420000', '420000', '420000',
    ]);
  });
});
