import { indicatorsOf } from './indicators';

describe('indicatorsOf', () => {
  const counts = { registeredHouseholds: 8, householdsWithSkilledMember: 6, vocationalStudents: 5, graduates: 10, employed: 9 };

  it('computes the 1户1人 and employment rates against the 90% target', () => {
    const value = indicatorsOf(2023, counts, null);
    expect(value.oneHouseholdOneSkillRate).toBe(0.75);
    expect(value.householdsWithoutSkilledMember).toBe(2);
    expect(value.employmentRate).toBe(0.9);
    expect(value.meetsEmploymentTarget).toBe(true);
    expect(indicatorsOf(2023, { ...counts, employed: 8 }, null).meetsEmploymentTarget).toBe(false);
  });

  it('gives no rate when nothing is counted', () => {
    const value = indicatorsOf(2023, { registeredHouseholds: 0, householdsWithSkilledMember: 0, vocationalStudents: 0, graduates: 0, employed: 0 }, null);
    expect(value.oneHouseholdOneSkillRate).toBeNull();
    expect(value.employmentRate).toBeNull();
    expect(value.meetsEmploymentTarget).toBeNull();
  });
});
