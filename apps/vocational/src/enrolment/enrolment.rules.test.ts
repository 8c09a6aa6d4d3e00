import { currentAcademicYear, employmentIssue, endDateIssue, enrolmentAgeIssue, enrolmentInputSchema, twoAfterFlagAgeIssue, yearOfStudy } from './enrolment.rules';

describe('yearOfStudy', () => {
  const started2023 = { startYear: 2023, endAcademicYear: null };

  it('advances with the academic year and stops at the programme duration', () => {
    expect(yearOfStudy(started2023, 3, 2023)).toBe(1);
    expect(yearOfStudy(started2023, 3, 2024)).toBe(2);
    expect(yearOfStudy(started2023, 3, 2025)).toBe(3);
    expect(yearOfStudy(started2023, 3, 2027)).toBe(3);
  });

  it('is 1 before the programme starts', () => {
    expect(yearOfStudy(started2023, 3, 2022)).toBe(1);
  });

  it('stays at the year an ended enrolment ended in', () => {
    expect(yearOfStudy({ startYear: 2023, endAcademicYear: 2024 }, 3, 2026)).toBe(2);
  });
});

describe('currentAcademicYear', () => {
  it('turns on 1 September', () => {
    expect(currentAcademicYear('2024-08-31')).toBe(2023);
    expect(currentAcademicYear('2024-09-01')).toBe(2024);
  });
});

describe('enrolmentInputSchema', () => {
  const schema = enrolmentInputSchema('2024-03-01');
  const valid = { personId: 'p', programId: 'q', startYear: 2023, nonContinuingGraduate: true };

  it('accepts this year and next year', () => {
    expect(schema.safeParse(valid).success).toBe(true);
    expect(schema.safeParse({ ...valid, startYear: 2024 }).success).toBe(true);
  });

  it('refuses a start two years ahead, with the field path', () => {
    const result = schema.safeParse({ ...valid, startYear: 2025 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['startYear']);
  });
});

describe('endDateIssue', () => {
  it('refuses a date before the first academic year or in the future', () => {
    expect(endDateIssue(2023, '2023-08-31', '2025-01-01')).toMatch(/before the programme started/);
    expect(endDateIssue(2023, '2025-01-02', '2025-01-01')).toMatch(/future/);
    expect(endDateIssue(2023, '2023-02-30', '2025-01-01')).toMatch(/YYYY-MM-DD/);
    expect(endDateIssue(2023, '2023-09-01', '2025-01-01')).toBeNull();
  });
});

describe('employmentIssue', () => {
  it('needs an employer and a date when employed', () => {
    expect(employmentIssue({ employed: true, since: '2024-07-01' }, '2025-01-01')).toEqual({ field: 'employer', message: 'required when employed' });
    expect(employmentIssue({ employed: true, employer: '萍乡电瓷厂' }, '2025-01-01')).toEqual({ field: 'since', message: 'required when employed' });
    expect(employmentIssue({ employed: true, employer: '萍乡电瓷厂', since: '2024-07-01' }, '2025-01-01')).toBeNull();
    expect(employmentIssue({ employed: false }, '2025-01-01')).toBeNull();
    expect(employmentIssue({ employed: false, since: '2026-01-01' }, '2025-01-01')).toEqual({ field: 'since', message: 'must not be in the future' });
  });
});

describe('implausible vocational facts', () => {
  it('refuses a 5-year-old starting secondary vocational, at either precision', () => {
    expect(enrolmentAgeIssue('2021-03-03', 2026, 'day')).toMatch(/SECONDARY_VOCATIONAL/);
    expect(enrolmentAgeIssue('2021-03-03', 2026, 'year')).toMatch(/SECONDARY_VOCATIONAL/);
    expect(enrolmentAgeIssue('2011-03-03', 2026, 'day')).toBeNull();
  });
  it('leaves a case the birth day decides to a caller who sees it', () => {
    // Born 2012-12-31: 13 on 2026-09-01 (too young); 2012-01-01 would be 14.
    expect(enrolmentAgeIssue('2012-12-31', 2026, 'day')).not.toBeNull();
    expect(enrolmentAgeIssue('2012-12-31', 2026, 'year')).toBeNull();
  });
  it('refuses a 两后生 flag for a young child', () => {
    expect(twoAfterFlagAgeIssue('2021-03-03', 2026, 'day')).toMatch(/两后生/);
    expect(twoAfterFlagAgeIssue('2021-03-03', 2026, 'year')).toMatch(/两后生/);
    expect(twoAfterFlagAgeIssue('2010-03-03', 2026, 'day')).toBeNull();
  });
  it('refuses employment dated before the graduation', () => {
    const outcome = { employed: true, employer: '萍乡电瓷厂', since: '2024-06-01' };
    expect(employmentIssue(outcome, '2026-12-06', '2025-06-30')).toEqual({ field: 'since', message: expect.stringMatching(/before the graduation/) });
    expect(employmentIssue(outcome, '2026-12-06', '2024-06-01')).toBeNull();
  });
});
