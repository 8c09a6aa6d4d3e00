import { nonContinuingYear } from './two-after.rules';

describe('nonContinuingYear (两后生 detected from 学籍)', () => {
  const rec = (academicYear: number, stage: string, status = 'ENROLLED') => ({ academicYear, stage, status });

  it('finds a junior graduate with no 学籍 after: the year their last school year ended', () => {
    expect(nonContinuingYear([rec(2023, 'JUNIOR'), rec(2024, 'JUNIOR', 'GRADUATED')], 2026)).toBe(2025);
  });

  it('finds a senior pupil who left (dropped out)', () => {
    expect(nonContinuingYear([rec(2024, 'SENIOR', 'DROPPED_OUT')], 2026)).toBe(2025);
  });

  it('does not list someone who continued: a later senior, vocational or repeated record', () => {
    expect(nonContinuingYear([rec(2024, 'JUNIOR'), rec(2025, 'SENIOR')], 2025)).toBeNull();
    expect(nonContinuingYear([rec(2024, 'JUNIOR'), rec(2025, 'JUNIOR')], 2025)).toBeNull();
    expect(nonContinuingYear([rec(2024, 'JUNIOR'), rec(2025, 'SECONDARY_VOCATIONAL')], 2026)).toBeNull();
  });

  it('does not list a pupil holding a 学籍 this academic year', () => {
    expect(nonContinuingYear([rec(2026, 'JUNIOR')], 2026)).toBeNull();
  });

  it('ignores records closed by a transfer and leaves suspended pupils (休学) alone', () => {
    expect(nonContinuingYear([rec(2024, 'JUNIOR'), rec(2025, 'SENIOR', 'TRANSFERRED_OUT')], 2026)).toBe(2025);
    expect(nonContinuingYear([rec(2025, 'SENIOR', 'SUSPENDED')], 2026)).toBeNull();
  });

  it('does not list a primary leaver (a dropout case, 控辍保学) or someone with no 学籍', () => {
    expect(nonContinuingYear([rec(2024, 'PRIMARY')], 2026)).toBeNull();
    expect(nonContinuingYear([], 2026)).toBeNull();
  });
});
