import {
  academicYearOf,
  householdStatusInAcademicYear,
  type DatedHouseholdStatus,
  type HouseholdCategory,
  type HouseholdStatus,
  type RegionCode,
  type SchoolOwnership,
  type StatusInYear,
  type Stage,
} from '@epg/domain';
import type { EntitlementProfile } from '../policy/profile';

/**
 * The StudentFacts columns over `enrolment_fact e LEFT JOIN person_fact p`: one select list for
 * every query that builds a profile (the computation, the "as of" preview, the nutrition plan).
 */
export const STUDENT_FACT_COLUMNS = `e.enrolment_id AS "enrolmentId", e.person_id AS "personId", e.school_id AS "schoolId",
       e.school_region_code AS "schoolRegionCode", e.school_ownership AS "schoolOwnership", e.stage, e.grade,
       e.boarding, e.special_education AS "specialEducation", e.agriculture_major AS "agricultureMajor",
       p.household_status AS "householdStatus", p.household_category AS "householdCategory",
       p.household_exited_on AS "householdExitedOn", p.household_status_history AS "householdStatusHistory",
       p.removed, p.has_disability AS "hasDisability"`;

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
  /** The household's dated status history; null where it was projected before histories were. */
  householdStatusHistory: DatedHouseholdStatus[] | null;
  removed: boolean | null;
  hasDisability: boolean | null;
  /**
   * Set on the row of a university admission (高考录取) of the year only: true when the university
   * lies in the province, false outside it; null or absent for a 学籍 row (no admission).
   */
  admittedToUniversityInProvince?: boolean | null;
  /** 两后生: a standing 两后生 row of the vocational service for this year or before. */
  nonContinuingGraduate?: boolean | null;
}

/**
 * The household's status in the academic year concerned: from its dated history (and so its
 * identification date), never from its status today — back-pay for a past year follows that
 * year's facts. Without a history (projected before histories were) the current status stands.
 */
export function householdStatusOf(facts: StudentFacts, academicYear: number): StatusInYear {
  if (facts.householdStatus === null) return { status: null, exitedAcademicYear: null };
  if (facts.removed) return { status: 'REMOVED', exitedAcademicYear: null };
  if (facts.householdStatusHistory && facts.householdStatusHistory.length > 0) return householdStatusInAcademicYear(facts.householdStatusHistory, academicYear);
  return {
    status: facts.householdStatus,
    exitedAcademicYear: facts.householdStatus === 'EXITED' && facts.householdExitedOn ? academicYearOf(facts.householdExitedOn) : null,
  };
}

/**
 * The profile the engine sees for `academicYear`. Registered households live in villages, so
 * their members are rural residents unless the household is an urban difficult family; a household
 * not yet in the registry that year contributes no household facts. University admission comes
 * from the schools service's admissions (a row of its own, stage UNDERGRADUATE, in the year of
 * admission) and 两后生 status from the vocational service's rows (compute.repository.ts).
 */
export function profileOf(facts: StudentFacts, academicYear: number): EntitlementProfile {
  const { status, exitedAcademicYear } = householdStatusOf(facts, academicYear);
  const category = status === null ? null : facts.householdCategory;
  return {
    stage: facts.stage,
    grade: facts.grade,
    boarding: facts.boarding,
    specialEducation: facts.specialEducation,
    schoolOwnership: facts.schoolOwnership,
    agricultureMajor: facts.agricultureMajor,
    ruralResident: status !== null && category !== 'URBAN_DIFFICULT',
    householdStatus: status,
    householdCategory: category,
    householdExitedYear: exitedAcademicYear,
    disabled: facts.hasDisability ?? false,
    admittedToUniversityInProvince: facts.admittedToUniversityInProvince ?? null,
    nonContinuingGraduate: facts.nonContinuingGraduate ?? false,
  };
}
