import {
  academicYearOf,
  academicYearSchema,
  academicYearStart,
  ageAtAcademicYearStart,
  isCompulsorySchoolAge,
} from './academic-year';
import { decodeCursor, encodeCursor, InvalidCursorError, pageSizeSchema } from './cursor';
import { findNul, hasNul } from './text';
import { ageOn, isoDateSchema, isValidIsoDate, monthSchema } from './dates';
import { fenSchema, fenToYuanString, percentOfFen, rate, sumFen, yuanToFen } from './money';

describe('money in fen', () => {
  it('converts yuan and fen without float drift', () => {
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(1250)).toBe(125000);
    expect(yuanToFen(-2.5)).toBe(-250);
    expect(fenToYuanString(123456)).toBe('1234.56');
    expect(fenToYuanString(5)).toBe('0.05');
    expect(fenToYuanString(-5)).toBe('-0.05');
    expect(() => yuanToFen(Number.NaN)).toThrow();
    expect(() => fenToYuanString(1.5)).toThrow();
  });

  it('sums, shares and rates', () => {
    expect(sumFen([100, 250, 0])).toBe(350);
    expect(() => sumFen([1, 0.5])).toThrow();
    expect(percentOfFen(100_000, 80)).toBe(80_000);
    expect(percentOfFen(333, 50)).toBe(167);
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 0)).toBeNull();
  });

  it('refuses negative, fractional and oversized amounts', () => {
    expect(fenSchema.safeParse(-1).success).toBe(false);
    expect(fenSchema.safeParse(1.5).success).toBe(false);
    expect(fenSchema.safeParse(2 ** 31).success).toBe(false);
    expect(fenSchema.safeParse(0).success).toBe(true);
  });
});

describe('dates and academic years', () => {
  it('validates ISO dates and months', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('2023-13-01')).toBe(false);
    expect(isValidIsoDate('2023-9-1')).toBe(false);
    expect(isoDateSchema.safeParse('2023-09-01').success).toBe(true);
    expect(monthSchema.safeParse('2023-12').success).toBe(true);
    expect(monthSchema.safeParse('2023-13').success).toBe(false);
  });

  it('names academic years by their start year', () => {
    expect(academicYearStart(2023)).toBe('2023-09-01');
    expect(academicYearOf('2024-03-01')).toBe(2023);
    expect(academicYearOf('2024-08-31')).toBe(2023);
    expect(academicYearOf('2024-09-01')).toBe(2024);
    expect(academicYearSchema.safeParse(2023.5).success).toBe(false);
    expect(academicYearSchema.safeParse(1999).success).toBe(false);
  });

  it('computes ages on a day and at the start of an academic year', () => {
    expect(ageOn('2012-09-01', '2018-09-01')).toBe(6);
    expect(ageOn('2012-09-02', '2018-09-01')).toBe(5);
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageAtAcademicYearStart('2017-09-01', 2023)).toBe(6);
    expect(isCompulsorySchoolAge('2017-09-02', 2023)).toBe(false);
    expect(isCompulsorySchoolAge('2017-09-01', 2023)).toBe(true);
    expect(isCompulsorySchoolAge('2007-09-02', 2023)).toBe(true);
    expect(isCompulsorySchoolAge('2007-09-01', 2023)).toBe(false);
  });
});

describe('cursors', () => {
  it('round-trips sort keys and refuses foreign cursors', () => {
    expect(decodeCursor(encodeCursor(['a', 3]))).toEqual(['a', 3]);
    expect(() => decodeCursor('not-a-cursor')).toThrow(InvalidCursorError);
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toThrow(InvalidCursorError);
    expect(pageSizeSchema.safeParse(0).success).toBe(false);
    expect(pageSizeSchema.safeParse(501).success).toBe(false);
    expect(pageSizeSchema.safeParse(500).success).toBe(true);
  });

  it('refuses hand-made cursors a database would choke on: NUL, overlong text, non-finite numbers', () => {
    expect(() => decodeCursor(encodeCursor(['a\u0000b']))).toThrow(InvalidCursorError);
    expect(() => decodeCursor(encodeCursor(['x'.repeat(201)]))).toThrow(InvalidCursorError);
    expect(() => decodeCursor(Buffer.from('[1e999]').toString('base64url'))).toThrow(InvalidCursorError);
    expect(decodeCursor(encodeCursor(['王芳', '00000000-0000-4000-8000-000000000000']))).toEqual(['王芳', '00000000-0000-4000-8000-000000000000']);
  });
});

describe('NUL in text', () => {
  it('finds the path of the first string carrying NUL', () => {
    expect(findNul({ members: [{ name: 'a' }, { name: 'b\u0000' }] }, 'input')).toBe('input.members.1.name');
    expect(findNul(['ok', 3, null, { x: true }], 'list')).toBeNull();
    expect(findNul('\u0000', 'name')).toBe('name');
    expect(hasNul('plain')).toBe(false);
  });
});
