import { householdHasSkilledMember, isSkilledMember } from './skilled.rules';

describe('isSkilledMember (1户1人)', () => {
  const none = { enrolments: [], schoolRecords: [], trainings: [] };

  it('counts enrolled and graduated vocational students, not withdrawn ones', () => {
    expect(isSkilledMember({ ...none, enrolments: [{ status: 'ENROLLED' }] })).toBe(true);
    expect(isSkilledMember({ ...none, enrolments: [{ status: 'GRADUATED' }] })).toBe(true);
    expect(isSkilledMember({ ...none, enrolments: [{ status: 'WITHDRAWN' }] })).toBe(false);
  });

  it('counts a secondary- or higher-vocational 学籍 of the schools ledger, enrolled or graduated, without a programme', () => {
    expect(isSkilledMember({ ...none, schoolRecords: [{ stage: 'SECONDARY_VOCATIONAL', status: 'ENROLLED', academicYear: 2023 }] })).toBe(true);
    expect(isSkilledMember({ ...none, schoolRecords: [{ stage: 'HIGHER_VOCATIONAL', status: 'GRADUATED', academicYear: 2023 }] })).toBe(true);
    expect(isSkilledMember({ ...none, schoolRecords: [{ stage: 'SECONDARY_VOCATIONAL', status: 'DROPPED_OUT', academicYear: 2023 }] })).toBe(false);
    expect(isSkilledMember({ ...none, schoolRecords: [{ stage: 'SENIOR', status: 'GRADUATED', academicYear: 2023 }] })).toBe(false);
    // A first-year record left ENROLLED does not count once a later year's record says DROPPED_OUT.
    const droppedInYear2 = [
      { stage: 'SECONDARY_VOCATIONAL', status: 'DROPPED_OUT', academicYear: 2022 },
      { stage: 'SECONDARY_VOCATIONAL', status: 'ENROLLED', academicYear: 2021 },
    ] as const;
    expect(isSkilledMember({ ...none, schoolRecords: [...droppedInYear2] })).toBe(false);
    expect(isSkilledMember({ ...none, schoolRecords: [...droppedInYear2, { stage: 'SECONDARY_VOCATIONAL', status: 'ENROLLED', academicYear: 2023 }] })).toBe(true);
  });

  it('counts a training followed by employment, whatever its kind', () => {
    expect(isSkilledMember({ ...none, trainings: [{ kind: 'MIGRANT_TRANSFER', certificate: null, employedAfter: true }] })).toBe(true);
    expect(isSkilledMember({ ...none, trainings: [{ kind: 'MIGRANT_TRANSFER', certificate: '焊工', employedAfter: false }] })).toBe(false);
    expect(isSkilledMember({ ...none, trainings: [{ kind: 'ENTREPRENEURSHIP', certificate: null, employedAfter: null }] })).toBe(false);
  });

  it('counts a practical-technique certificate, not one without certificate', () => {
    expect(isSkilledMember({ ...none, trainings: [{ kind: 'PRACTICAL_TECHNIQUE', certificate: '果树修剪', employedAfter: null }] })).toBe(true);
    expect(isSkilledMember({ ...none, trainings: [{ kind: 'PRACTICAL_TECHNIQUE', certificate: null, employedAfter: false }] })).toBe(false);
    expect(isSkilledMember({ ...none, trainings: [{ kind: 'NEW_PROFESSIONAL_FARMER', certificate: '证书', employedAfter: false }] })).toBe(false);
  });

  it('needs one skilled member per household', () => {
    expect(householdHasSkilledMember([none, { ...none, enrolments: [{ status: 'GRADUATED' }] }])).toBe(true);
    expect(householdHasSkilledMember([none, none])).toBe(false);
    expect(householdHasSkilledMember([])).toBe(false);
  });
});
