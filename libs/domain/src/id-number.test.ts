import { computeCheckDigit, idNumberSchema, makeIdNumber, maskIdNumber, maskIdNumbersIn, parseIdNumber } from './id-number';

const TODAY = '2026-11-25';

describe('ID numbers (GB 11643)', () => {
  it('computes the ISO 7064 MOD 11-2 check digit', () => {
    // The standard's worked example.
    expect(computeCheckDigit('11010519491231002')).toBe('X');
    expect(computeCheckDigit('44052418800101001')).toBe('4');
  });

  it('decodes birth date, gender and region', () => {
    const result = parseIdNumber('11010519491231002X', TODAY);
    expect(result).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', gender: 'FEMALE' },
    });
    const male = parseIdNumber(makeIdNumber('360323', '2012-03-04', 11), TODAY);
    expect(male.ok && male.value.gender).toBe('MALE');
    expect(male.ok && male.value.birthDate).toBe('2012-03-04');
  });

  it('accepts a lower-case x and normalises it', () => {
    const result = parseIdNumber('11010519491231002x', TODAY);
    expect(result.ok && result.value.idNumber).toBe('11010519491231002X');
  });

  it('refuses a bad check digit', () => {
    const result = parseIdNumber('110105194912310021', TODAY);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('check digit') });
  });

  it('refuses impossible and future birth dates', () => {
    const feb30 = '36032320120230' + '001';
    expect(parseIdNumber(feb30 + computeCheckDigit(feb30), TODAY)).toEqual({
      ok: false,
      message: expect.stringContaining('not a real date'),
    });
    const nonLeap = '36032320230229' + '001';
    expect(parseIdNumber(nonLeap + computeCheckDigit(nonLeap), TODAY).ok).toBe(false);
    const leap = '36032320240229' + '001';
    expect(parseIdNumber(leap + computeCheckDigit(leap), TODAY).ok).toBe(true);
    expect(parseIdNumber(makeIdNumber('360323', '2030-01-01', 1), TODAY)).toEqual({
      ok: false,
      message: expect.stringContaining('future'),
    });
  });

  it('refuses 15-digit legacy numbers with a clear message', () => {
    expect(parseIdNumber('110105491231002', TODAY)).toEqual({
      ok: false,
      message: expect.stringContaining('legacy 15-digit'),
    });
  });

  it('refuses wrong lengths and characters', () => {
    for (const bad of ['', '1101051949123100', '11010519491231002XX', '1101051949123100X2', 'abcdefghijklmnopqr']) {
      expect(parseIdNumber(bad, TODAY).ok).toBe(false);
    }
  });

  it('masks all but the first 4 and last 4 (DESIGN.md), hiding the county digits and the whole birth date', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('12345678')).toBe('********');
  });

  it('is usable as a zod schema', () => {
    expect(idNumberSchema.safeParse('11010519491231002x').data?.idNumber).toBe('11010519491231002X');
    const bad = idNumberSchema.safeParse('110105491231002');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/15-digit/);
  });
});

describe('maskIdNumber on an older mask', () => {
  it('re-masks a 6+4 mask into the 4+4 form, revealing nothing the old one hid', () => {
    expect(maskIdNumber('360323********123X')).toBe('3603**********123X');
    expect(maskIdNumber(maskIdNumber('36032319900101123X'))).toBe('3603**********123X');
  });
});

describe('maskIdNumbersIn', () => {
  it('masks every ID number inside a text, and leaves longer digit runs and short numbers alone', () => {
    expect(maskIdNumbersIn('dup 36032319900101123x and 110105194912310021.')).toBe('dup 3603**********123X and 1101**********0021.');
    expect(maskIdNumbersIn('amount 1234567890123456789, region 360323000000')).toBe('amount 1234567890123456789, region 360323000000');
  });
});

