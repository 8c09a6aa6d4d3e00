import { presenceException, presenceRefusal } from './presence';

describe('名在人不在: aid to a child who is not there', () => {
  const present = { householdRemoved: false, inSchool: true, absentStatus: null };

  it('finds nothing wrong with a student in school', () => {
    expect(presenceException(present)).toBeNull();
    // Transferred out of one school and enrolled at another the same year: still in school.
    expect(presenceException({ householdRemoved: false, inSchool: true, absentStatus: 'TRANSFERRED_OUT' })).toBeNull();
  });

  it('names a dropped-out, suspended or transferred-out 学籍', () => {
    expect(presenceException({ householdRemoved: false, inSchool: false, absentStatus: 'DROPPED_OUT' })).toMatch(/dropped out \(辍学\)/);
    expect(presenceException({ householdRemoved: false, inSchool: null, absentStatus: 'SUSPENDED' })).toMatch(/suspended \(休学\)/);
    expect(presenceException({ householdRemoved: false, inSchool: false, absentStatus: 'TRANSFERRED_OUT' })).toMatch(/transferred out/);
  });

  it('names a removed household (清退) first', () => {
    expect(presenceException({ householdRemoved: true, inSchool: true, absentStatus: null })).toBe('the household was removed (清退)');
  });

  it('refuses a payment naming the line and rule', () => {
    const line = { id: 'e1', ruleCode: 'A-BRD-JUN', academicYear: 2023 };
    expect(presenceRefusal(line, present)).toBeNull();
    expect(presenceRefusal(line, { householdRemoved: false, inSchool: false, absentStatus: 'DROPPED_OUT' })).toBe(
      "entitlement e1 (A-BRD-JUN, 2023) is not paid: 名在人不在 — the student's 学籍 that year is dropped out (辍学)",
    );
  });
});
