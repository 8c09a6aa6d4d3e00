import { academicYearOf, type HouseholdCategory, type HouseholdStatus, type RegionCode, type SchoolOwnership, type Stage } from '@epg/domain';
import type { EntitlementProfile } from '../policy/profile';

/** An enrolled student's projected facts for one academic year (one row of the compute query). */
export interface StudentFacts {
  enrolmentId: string;
  personId: string;
  schoolId: string;
  /** The school's region code as the schools service stored it (validated there). */
  schoolRegionCode: RegionCode;
  schoolOwnership: SchoolOwnership;
  stage: Stage;
  grade: number;
  boarding: boolean;
  specialEducation: boolean;
  agricultureMajor: boolean;
  /** Null: the person is not in the households registry (projection). */
  householdStatus: HouseholdStatus | null;
  householdCategory: HouseholdCategory | null;
  householdExitedOn: string | null;
  removed: boolean | null;
  hasDisability: boolean | null;
}

/**
 * The profile the engine sees. Registered households live in villages, so their members are
 * rural residents unless the household is an urban difficult family. University admission and
 * 两后生 facts are not projected here (no service owns them yet): they only reach the engine
 * through the preview or a department's submission.
 */
export function profileOf(facts: StudentFacts): EntitlementProfile {
  const status: HouseholdStatus | null = facts.householdStatus === null ? null : facts.removed ? 'REMOVED' : facts.householdStatus;
  return {
    stage: facts.stage,
    grade: facts.grade,
    boarding: facts.boarding,
    specialEducation: facts.specialEducation,
    schoolOwnership: facts.schoolOwnership,
    agricultureMajor: facts.agricultureMajor,
    ruralResident: status !== null && facts.householdCategory !== 'URBAN_DIFFICULT',
    householdStatus: status,
    householdCategory: facts.householdCategory,
    householdExitedYear: facts.householdExitedOn ? academicYearOf(facts.householdExitedOn) : null,
    disabled: facts.hasDisability ?? false,
    admittedToUniversityInProvince: null,
    nonContinuingGraduate: false,
  };
}
