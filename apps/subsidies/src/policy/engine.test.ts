import { evaluatePolicySet, isRegisteredPoor, totalsOf } from './engine';
import { seedPolicySets } from './policy-sets.data';
import type { EntitlementProfile } from './profile';
import { policySetInputSchema } from './rule.schema';

const sets = Object.fromEntries(seedPolicySets().map((s) => [s.code, s]));
const A = sets.A!;
const B = sets.B!;
const C = sets.C!;
const D = sets.D!;

function profile(overrides: Partial<EntitlementProfile> = {}): EntitlementProfile {
  return {
    stage: 'PRIMARY',
    grade: 3,
    boarding: false,
    specialEducation: false,
    schoolOwnership: 'PUBLIC',
    agricultureMajor: false,
    ruralResident: true,
    householdStatus: null,
    householdCategory: null,
    householdExitedYear: null,
    disabled: false,
    admittedToUniversityInProvince: null,
    nonContinuingGraduate: false,
    ...overrides,
  };
}
const poor = { householdStatus: 'IDENTIFIED', householdCategory: 'POVERTY_REGISTERED' } as const;
/** rule code → amount, for compact expectations. */
function amounts(lines: ReturnType<typeof evaluatePolicySet>) {
  return Object.fromEntries(lines.map((l) => [l.ruleCode, l.amountFen]));
}

describe('set A (芦溪县, 2023–)', () => {
  it('A-PRE: registered poor child at an inclusive kindergarten only', () => {
    expect(amounts(evaluatePolicySet(A, 2023, profile({ ...poor, stage: 'PRESCHOOL', grade: 2 })))).toEqual({ 'A-PRE': 150000 });
    expect(amounts(evaluatePolicySet(A, 2023, profile({ ...poor, stage: 'PRESCHOOL', grade: 2, schoolOwnership: 'PRIVATE_INCLUSIVE' })))).toEqual({ 'A-PRE': 150000 });
    expect(evaluatePolicySet(A, 2023, profile({ ...poor, stage: 'PRESCHOOL', grade: 2, schoolOwnership: 'PRIVATE' }))).toEqual([]);
    expect(evaluatePolicySet(A, 2023, profile({ stage: 'PRESCHOOL', grade: 2, householdCategory: 'LOW_INCOME_ONLY', householdStatus: null }))).toEqual([]);
  });

  it('boarding grants by stage, plus the in-kind "zero fee" benefits for registered poor', () => {
    expect(amounts(evaluatePolicySet(A, 2023, profile({ ...poor, boarding: true })))).toEqual({
      'A-BRD-PRI': 100000,
      'A-KIND-MATERIALS': null,
      'A-KIND-UNIFORM': null,
      'A-KIND-INSURANCE': null,
    });
    expect(amounts(evaluatePolicySet(A, 2023, profile({ ...poor, boarding: true, stage: 'JUNIOR', grade: 1 })))['A-BRD-JUN']).toBe(125000);
  });

  it('the non-boarding grant is 50% of the boarding amount of the stage', () => {
    expect(amounts(evaluatePolicySet(A, 2023, profile({ ...poor })))['A-NBRD']).toBe(50000);
    expect(amounts(evaluatePolicySet(A, 2023, profile({ ...poor, stage: 'JUNIOR', grade: 2 })))['A-NBRD']).toBe(62500);
    const line = evaluatePolicySet(A, 2023, profile({ ...poor, stage: 'JUNIOR', grade: 2 })).find((l) => l.ruleCode === 'A-NBRD')!;
    expect(line.explanation).toContain('50% of A-BRD-JUN');
    expect(line.explanation).toContain('not boarding');
  });

  it('the special-education add-on goes beside the boarding grant only', () => {
    const boarding = amounts(evaluatePolicySet(A, 2023, profile({ ...poor, boarding: true, specialEducation: true })));
    expect(boarding['A-BRD-PRI']).toBe(100000);
    expect(boarding['A-SPED']).toBe(20000);
    const dayStudent = amounts(evaluatePolicySet(A, 2023, profile({ ...poor, specialEducation: true, stage: 'JUNIOR', grade: 1 })));
    expect(dayStudent['A-NBRD']).toBe(62500);
    expect(dayStudent).not.toHaveProperty('A-SPED');
  });

  it('difficult families outside the registry: 低保, 特困 and urban difficult, but not a plain rural family', () => {
    for (const category of ['LOW_INCOME_ONLY', 'FIVE_GUARANTEES', 'URBAN_DIFFICULT'] as const) {
      const lines = amounts(evaluatePolicySet(A, 2023, profile({ householdStatus: null, householdCategory: category })));
      expect(lines).toEqual({ 'A-NBRD': 50000 });
    }
    expect(evaluatePolicySet(A, 2023, profile())).toEqual([]);
    expect(evaluatePolicySet(A, 2023, profile({ disabled: true }))).toEqual([]);
  });

  it('senior secondary: fee waiver to the school (no amount) and the national grant', () => {
    const lines = evaluatePolicySet(A, 2023, profile({ ...poor, stage: 'SENIOR', grade: 1 }));
    expect(lines.map((l) => [l.ruleCode, l.kind, l.beneficiary, l.amountFen])).toEqual([
      ['A-HS-FEE', 'FEE_WAIVER', 'SCHOOL', null],
      ['A-HS-GRANT', 'CASH', 'STUDENT', 250000],
    ]);
  });

  it('university entrants: travel 500 in the province, 1000 outside, and the entry grant', () => {
    const inProvince = profile({ ...poor, stage: 'UNDERGRADUATE', grade: 1, admittedToUniversityInProvince: true });
    expect(amounts(evaluatePolicySet(A, 2023, inProvince))).toEqual({ 'A-UNI-TRAVEL': 50000, 'A-UNI-ENTRY': 500000 });
    expect(amounts(evaluatePolicySet(A, 2023, { ...inProvince, admittedToUniversityInProvince: false }))['A-UNI-TRAVEL']).toBe(100000);
    expect(evaluatePolicySet(A, 2023, { ...inProvince, admittedToUniversityInProvince: null })).toEqual([]);
  });

  it('secondary vocational: fee waiver for rural students, the grant in years 1 and 2 only', () => {
    const year1 = profile({ stage: 'SECONDARY_VOCATIONAL', grade: 1, agricultureMajor: true });
    expect(amounts(evaluatePolicySet(A, 2023, year1))).toEqual({ 'A-VOC-FEE': 85000, 'A-VOC-GRANT': 200000 });
    expect(amounts(evaluatePolicySet(A, 2023, { ...year1, grade: 3 }))).toEqual({ 'A-VOC-FEE': 85000 });
    expect(evaluatePolicySet(A, 2023, { ...year1, agricultureMajor: false, ruralResident: false })).toEqual([]);
    expect(totalsOf(evaluatePolicySet(A, 2023, year1))).toEqual({ toStudentFen: 200000, toSchoolFen: 85000 });
  });

  it('keeps benefits of exited households (脱贫不脱政策)', () => {
    const exited = profile({ householdStatus: 'EXITED', householdCategory: 'POVERTY_REGISTERED', householdExitedYear: 2019, boarding: true });
    expect(amounts(evaluatePolicySet(A, 2023, exited))['A-BRD-PRI']).toBe(100000);
  });

  it('never treats a REMOVED household as registered poor or difficult', () => {
    expect(evaluatePolicySet(A, 2023, profile({ householdStatus: 'REMOVED', householdCategory: 'LOW_INCOME_ONLY', boarding: true }))).toEqual([]);
  });
});

describe('set B (湖北省, 2016–2019)', () => {
  it('stacks the rural vocational subsidy with the grant and the waiver', () => {
    const lines = evaluatePolicySet(B, 2017, profile({ ...poor, stage: 'SECONDARY_VOCATIONAL', grade: 2 }));
    expect(amounts(lines)).toEqual({ 'B-VOC-FEE': null, 'B-VOC-GRANT': 200000, 'B-VOC-RURAL': 300000 });
    expect(totalsOf(lines).toStudentFen).toBe(500000);
    expect(amounts(evaluatePolicySet(B, 2017, profile({ ...poor, stage: 'SECONDARY_VOCATIONAL', grade: 2, ruralResident: false })))).not.toHaveProperty('B-VOC-RURAL');
    expect(amounts(evaluatePolicySet(B, 2017, profile({ ...poor, stage: 'HIGHER_VOCATIONAL', grade: 1 })))).toEqual({ 'B-VOC-RURAL': 300000 });
  });

  it('waives compulsory fees for every student, and pays boarding and preschool to registered poor', () => {
    expect(amounts(evaluatePolicySet(B, 2016, profile()))).toEqual({ 'B-CMP-FEE': null });
    expect(amounts(evaluatePolicySet(B, 2016, profile({ ...poor, boarding: true, stage: 'JUNIOR', grade: 3 })))).toEqual({
      'B-CMP-FEE': null,
      'B-BRD-JUN': 125000,
    });
    expect(amounts(evaluatePolicySet(B, 2016, profile({ ...poor, stage: 'PRESCHOOL', grade: 1 })))).toEqual({ 'B-PRE': 100000 });
    expect(amounts(evaluatePolicySet(B, 2016, profile({ ...poor, stage: 'SENIOR', grade: 1 })))).toEqual({ 'B-HS-FEE': null, 'B-HS-GRANT': 250000 });
  });
});

describe('set C (XX县, 2015–2020): exited households lose benefits after the year of exit', () => {
  const exited = profile({ householdStatus: 'EXITED', householdCategory: 'POVERTY_REGISTERED', householdExitedYear: 2018, boarding: true });
  it('pays in the year of exit, not the year after', () => {
    expect(amounts(evaluatePolicySet(C, 2018, exited))).toEqual({ 'C-BRD-PRI': 100000 });
    expect(evaluatePolicySet(C, 2019, exited)).toEqual([]);
    expect(isRegisteredPoor(C, 2019, exited)).toBe(false);
    expect(isRegisteredPoor(A, 2019, exited)).toBe(true);
    expect(evaluatePolicySet(C, 2019, exited)).not.toEqual(evaluatePolicySet(A, 2019, exited));
  });

  it('never computes the selection-based senior rules from a profile', () => {
    expect(evaluatePolicySet(C, 2018, profile({ ...poor, stage: 'SENIOR', grade: 2 }))).toEqual([]);
  });

  it('preschool for difficult families at public or inclusive kindergartens; vocational grants and 两后生', () => {
    expect(amounts(evaluatePolicySet(C, 2018, profile({ householdStatus: null, householdCategory: 'FIVE_GUARANTEES', stage: 'PRESCHOOL', grade: 1 })))).toEqual({ 'C-PRE': 100000 });
    // After exit a 低保 household is still a difficult family, though no longer registered poor.
    const exitedLowIncome = profile({ householdStatus: 'EXITED', householdExitedYear: 2017, householdCategory: 'POVERTY_LOW_INCOME', stage: 'PRESCHOOL', grade: 1 });
    expect(amounts(evaluatePolicySet(C, 2019, exitedLowIncome))).toEqual({ 'C-PRE': 100000 });
    expect(amounts(evaluatePolicySet(C, 2018, profile({ stage: 'SECONDARY_VOCATIONAL', grade: 3, agricultureMajor: true })))).toEqual({ 'C-VOC-GRANT': 200000 });
    expect(amounts(evaluatePolicySet(C, 2018, profile({ ...poor, stage: 'HIGHER_VOCATIONAL', grade: 1, nonContinuingGraduate: true })))).toEqual({ 'C-VOC-TWO': 300000 });
    expect(amounts(evaluatePolicySet(C, 2018, profile({ ...poor, stage: 'SECONDARY_VOCATIONAL', grade: 1, nonContinuingGraduate: true })))).toEqual({
      'C-VOC-GRANT': 200000,
      'C-VOC-TWO': 300000,
    });
  });
});

describe('set D (甘肃省, 2016–2020)', () => {
  it('records funding shares and pays vocational grants', () => {
    const [pre] = evaluatePolicySet(D, 2017, profile({ ...poor, stage: 'PRESCHOOL', grade: 1 }));
    expect(pre).toMatchObject({ ruleCode: 'D-PRE', kind: 'FEE_WAIVER', beneficiary: 'SCHOOL', amountFen: 100000, funding: [{ source: 'PROVINCE', percent: 60 }, { source: 'COUNTY', percent: 40 }] });
    expect(amounts(evaluatePolicySet(D, 2017, profile({ ...poor, stage: 'SECONDARY_VOCATIONAL', grade: 1 })))).toEqual({ 'D-VOC-GRANT': 200000 });
    expect(amounts(evaluatePolicySet(D, 2017, profile({ ...poor, stage: 'HIGHER_VOCATIONAL', grade: 2 })))).toEqual({ 'D-HVOC-FEE': null });
    expect(evaluatePolicySet(D, 2017, profile({ stage: 'HIGHER_VOCATIONAL', grade: 2 }))).toEqual([]);
  });
});

describe('every seeded rule', () => {
  it('is reachable by some profile, except the selection-based ones', () => {
    const stages = ['PRESCHOOL', 'PRIMARY', 'JUNIOR', 'SENIOR', 'SECONDARY_VOCATIONAL', 'HIGHER_VOCATIONAL', 'UNDERGRADUATE'] as const;
    const seen = new Set<string>();
    for (const set of [A, B, C, D]) {
      const year = set.fromYear;
      for (const stage of stages)
        for (const grade of [1, 3])
          for (const boarding of [false, true])
            for (const specialEducation of [false, true])
              for (const admitted of [null, true, false])
                for (const extra of [{}, { agricultureMajor: true }, { nonContinuingGraduate: true }, { householdCategory: 'URBAN_DIFFICULT' as const, householdStatus: null }])
                  for (const line of evaluatePolicySet(set, year, profile({ ...poor, stage, grade, boarding, specialEducation, admittedToUniversityInProvince: admitted, ...extra })))
                    seen.add(line.ruleCode);
    }
    const expected = [A, B, C, D].flatMap((s) => s.rules.filter((r) => !r.selectionRequired).map((r) => r.code));
    expect([...seen].sort()).toEqual(expected.sort());
  });
});

describe('policy set validation', () => {
  const base = { ...A, code: 'X', rules: [A.rules[0]!] };
  it('refuses funding shares not adding to 100, unknown percent-of targets, duplicate codes', () => {
    expect(policySetInputSchema.safeParse(base).success).toBe(true);
    expect(policySetInputSchema.safeParse({ ...base, rules: [{ ...A.rules[0]!, funding: [{ source: 'P', percent: 60 }] }] }).success).toBe(false);
    expect(policySetInputSchema.safeParse({ ...base, rules: [A.rules.find((r) => r.code === 'A-NBRD')!] }).success).toBe(false);
    expect(policySetInputSchema.safeParse({ ...base, rules: [A.rules[0]!, A.rules[0]!] }).success).toBe(false);
    expect(policySetInputSchema.safeParse({ ...base, toYear: 2000 }).success).toBe(false);
  });
});

describe('纯低保 and urban difficult families are difficult families, never registered poor (issue 19 item 7)', () => {
  for (const householdCategory of ['LOW_INCOME_ONLY', 'URBAN_DIFFICULT'] as const) {
    it(`${householdCategory} IDENTIFIED: the difficult-family lines, no registered-poor-only benefit`, () => {
      const family = { householdStatus: 'IDENTIFIED', householdCategory } as const;
      expect(isRegisteredPoor(A, 2023, profile(family))).toBe(false);
      expect(evaluatePolicySet(A, 2023, profile({ ...family, stage: 'PRESCHOOL', grade: 2 }))).toEqual([]);
      const primary = amounts(evaluatePolicySet(A, 2023, profile(family)));
      expect(primary).toEqual({ 'A-NBRD': 50000 });
      expect(evaluatePolicySet(B, 2016, profile({ ...family, boarding: true }))).toEqual([{ ...evaluatePolicySet(B, 2016, profile())[0]! }]);
    });
  }

  it('a registry category with the same status is registered poor', () => {
    for (const householdCategory of ['POVERTY_REGISTERED', 'POVERTY_LOW_INCOME', 'FIVE_GUARANTEES'] as const) {
      expect(amounts(evaluatePolicySet(A, 2023, profile({ householdStatus: 'IDENTIFIED', householdCategory })))).toMatchObject({
        'A-KIND-MATERIALS': null,
        'A-KIND-UNIFORM': null,
        'A-KIND-INSURANCE': null,
      });
    }
  });
});
