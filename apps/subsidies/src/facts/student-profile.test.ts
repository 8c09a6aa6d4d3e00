import { householdStatusOf, profileOf, type StudentFacts } from './student-profile';

const student: StudentFacts = {
  enrolmentId: 'e',
  personId: 'p',
  schoolId: 's',
  schoolRegionCode: '360323101' as StudentFacts['schoolRegionCode'],
  schoolOwnership: 'PUBLIC',
  stage: 'JUNIOR',
  grade: 1,
  boarding: true,
  specialEducation: false,
  agricultureMajor: false,
  householdStatus: 'RELAPSED',
  householdCategory: 'POVERTY_REGISTERED',
  householdExitedOn: null,
  householdStatusHistory: [
    { status: 'IDENTIFIED', on: '2016-03-01' },
    { status: 'EXITED', on: '2023-12-01' },
    { status: 'RELAPSED', on: '2025-10-01' },
  ],
  removed: false,
  hasDisability: false,
};

describe('the profile of a student in an academic year', () => {
  it("takes the household's status in that year from its history, not today's", () => {
    expect(householdStatusOf(student, 2024)).toEqual({ status: 'EXITED', exitedAcademicYear: 2023 });
    expect(householdStatusOf(student, 2025)).toEqual({ status: 'RELAPSED', exitedAcademicYear: null });
    expect(profileOf(student, 2024)).toMatchObject({ householdStatus: 'EXITED', householdExitedYear: 2023, householdCategory: 'POVERTY_REGISTERED' });
  });

  it('gives no household facts for a year before the household was identified', () => {
    const late = { ...student, householdStatus: 'IDENTIFIED' as const, householdStatusHistory: [{ status: 'IDENTIFIED' as const, on: '2026-10-15' }] };
    expect(profileOf(late, 2025)).toMatchObject({ householdStatus: null, householdCategory: null, ruralResident: false });
    expect(profileOf(late, 2026)).toMatchObject({ householdStatus: 'IDENTIFIED', householdCategory: 'POVERTY_REGISTERED', ruralResident: true });
  });

  it('falls back on the current status where no history was projected, and never counts a removed household', () => {
    expect(householdStatusOf({ ...student, householdStatus: 'EXITED', householdExitedOn: '2019-12-01', householdStatusHistory: null }, 2024)).toEqual({
      status: 'EXITED',
      exitedAcademicYear: 2019,
    });
    expect(householdStatusOf({ ...student, removed: true }, 2020).status).toBe('REMOVED');
    expect(householdStatusOf({ ...student, householdStatus: null, householdCategory: null }, 2020).status).toBeNull();
  });

  it('carries a university admission and 两后生 status when the projection has them, and none otherwise', () => {
    expect(profileOf(student, 2025)).toMatchObject({ admittedToUniversityInProvince: null, nonContinuingGraduate: false });
    const admitted = { ...student, stage: 'UNDERGRADUATE' as const, admittedToUniversityInProvince: false };
    expect(profileOf(admitted, 2025)).toMatchObject({ stage: 'UNDERGRADUATE', admittedToUniversityInProvince: false });
    expect(profileOf({ ...student, stage: 'SECONDARY_VOCATIONAL', nonContinuingGraduate: true }, 2025)).toMatchObject({ nonContinuingGraduate: true });
    expect(profileOf({ ...student, admittedToUniversityInProvince: null, nonContinuingGraduate: null }, 2025)).toMatchObject({
      admittedToUniversityInProvince: null,
      nonContinuingGraduate: false,
    });
  });
});
