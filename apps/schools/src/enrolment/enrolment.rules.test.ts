import { defaultDateIn, enrolmentAgeIssues, enrolmentFitIssues, enrolStudentSchema } from './enrolment.rules';

describe('enrolment fits the school', () => {
  it('accepts a primary pupil at a primary school and a junior student at a nine-year school', () => {
    expect(enrolmentFitIssues('PRIMARY', { stage: 'PRIMARY', grade: 6 })).toEqual([]);
    expect(enrolmentFitIssues('NINE_YEAR', { stage: 'JUNIOR', grade: 1 })).toEqual([]);
  });

  it('refuses a senior stage at a primary school, with the field path', () => {
    expect(enrolmentFitIssues('PRIMARY', { stage: 'SENIOR', grade: 1 })).toEqual([{ path: 'input.stage', message: expect.stringContaining('PRIMARY') }]);
  });

  it('refuses a grade beyond the stage', () => {
    expect(enrolmentFitIssues('JUNIOR_SECONDARY', { stage: 'JUNIOR', grade: 4 })).toEqual([{ path: 'input.grade', message: expect.stringContaining('1 to 3') }]);
  });

  it('records an agriculture major only at a vocational stage', () => {
    expect(enrolmentFitIssues('SECONDARY_VOCATIONAL', { stage: 'SECONDARY_VOCATIONAL', grade: 2, agricultureMajor: true })).toEqual([]);
    expect(enrolmentFitIssues('PRIMARY', { stage: 'PRIMARY', grade: 2, agricultureMajor: true })).toEqual([
      { path: 'input.agricultureMajor', message: expect.any(String) },
    ]);
  });
});

describe('default enrolment date', () => {
  it('is today within the academic year, else the year\'s first day', () => {
    expect(defaultDateIn(2024, '2024-10-08')).toBe('2024-10-08');
    expect(defaultDateIn(2024, '2025-08-31')).toBe('2025-08-31');
    expect(defaultDateIn(2024, '2026-11-25')).toBe('2024-09-01');
    expect(defaultDateIn(2024, '2024-08-31')).toBe('2024-09-01');
  });
});

describe('plausible enrolments (issue 20)', () => {
  const facts = { academicYear: 2023, stage: 'PRIMARY' as const, grade: 3, enrolledOn: '2023-09-01' };

  it('accepts a pupil of the grade age', () => {
    expect(enrolmentAgeIssues('2015-03-01', facts)).toEqual([]);
  });

  it('refuses an enrolment dated before the birth', () => {
    expect(enrolmentAgeIssues('2024-01-01', facts)).toEqual([{ path: 'input.enrolledOn', message: '2023-09-01 is before the birth date (2024-01-01)' }]);
  });

  it('refuses a 48-year-old in primary grade 1, unless the age fits special education', () => {
    expect(enrolmentAgeIssues('1975-03-01', { ...facts, grade: 1 })).toEqual([{ path: 'input.grade', message: expect.stringMatching(/aged 48 .* PRIMARY grade 1/) }]);
    expect(enrolmentAgeIssues('2008-03-01', { ...facts, grade: 1, specialEducation: true })).toEqual([]);
  });

  it('refuses an enrolledOn outside the academic year or in the future, and a year not yet open', () => {
    const base = { personId: '00000000-0000-4000-8000-000000000001', schoolId: '00000000-0000-4000-8000-000000000002', stage: 'PRIMARY', grade: 3, boarding: false };
    const outside = enrolStudentSchema.safeParse({ ...base, academicYear: 2023, enrolledOn: '2022-03-01' });
    expect(outside.success ? [] : outside.error.issues.map((i) => i.path.join('.'))).toEqual(['enrolledOn']);
    const future = enrolStudentSchema.safeParse({ ...base, academicYear: 2023, enrolledOn: '2099-01-01' });
    expect(future.success).toBe(false);
    const later = enrolStudentSchema.safeParse({ ...base, academicYear: 2099 });
    expect(later.success ? [] : later.error.issues.map((i) => i.path.join('.'))).toEqual(['academicYear']);
  });
});
