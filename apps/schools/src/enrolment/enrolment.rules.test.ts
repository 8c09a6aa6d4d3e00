import { defaultDateIn, enrolmentFitIssues } from './enrolment.rules';

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
