import { schoolRecordFor, type SchoolRecord } from './enrolment.rules';

describe('schoolRecordFor (one owner for secondary-vocational 学籍)', () => {
  const school = 'school-a';
  const record = (over: Partial<SchoolRecord>): SchoolRecord => ({ id: 'r1', academicYear: 2026, stage: 'SECONDARY_VOCATIONAL', status: 'ENROLLED', schoolId: school, ...over });

  it('assigns the programme to the ENROLLED secondary-vocational 学籍 of the start year at its school', () => {
    const mine = record({});
    expect(schoolRecordFor([record({ id: 'old', academicYear: 2025, stage: 'JUNIOR', status: 'GRADUATED' }), mine], { schoolId: school }, 2026)).toEqual({ record: mine });
  });

  it('refuses when the person has no 学籍 of the start year (vocational cannot invent one)', () => {
    const answer = schoolRecordFor([record({ academicYear: 2025 })], { schoolId: school }, 2026);
    expect(answer).toEqual({ issue: expect.stringMatching(/no ENROLLED 2026 学籍 .*enrolStudent/) });
  });

  it('refuses when the 学籍 of the start year is at another school (the ledgers would disagree)', () => {
    expect(schoolRecordFor([record({ schoolId: 'school-b' })], { schoolId: school }, 2026)).toEqual({ issue: expect.stringMatching(/at another school.*transferStudent/) });
  });

  it('refuses a 学籍 at a stage other than SECONDARY_VOCATIONAL', () => {
    expect(schoolRecordFor([record({ stage: 'SENIOR' })], { schoolId: school }, 2026)).toEqual({ issue: expect.stringMatching(/stage SENIOR, not SECONDARY_VOCATIONAL/) });
  });

  it('ignores records that are no longer ENROLLED', () => {
    expect(schoolRecordFor([record({ status: 'TRANSFERRED_OUT' })], { schoolId: school }, 2026)).toEqual({ issue: expect.stringMatching(/no ENROLLED 2026 学籍/) });
  });
});
