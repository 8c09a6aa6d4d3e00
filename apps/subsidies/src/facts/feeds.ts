import type { EntityManager } from 'typeorm';
import type { FeedSpec } from '@epg/subgraph-kit';

/**
 * The facts subsidies needs from other services, projected from their change feeds through
 * the gateway: people with their household's status (households) and enrolments with their
 * school's type, ownership and region (schools).
 */
export interface PersonChange {
  personId: string;
  householdId: string;
  villageCode: string;
  name: string;
  idNumberMasked: string;
  birthDate: string;
  hasDisability: boolean;
  householdStatus: string;
  householdCategory: string;
  householdExitedOn: string | null;
  removed: boolean;
  changedAt: string;
}

export const personFeed: FeedSpec<PersonChange> = {
  name: 'households.personChanges',
  field: 'personChanges',
  document: /* GraphQL */ `
    query SubsidiesPersonChanges($first: Int!, $after: String) {
      personChanges(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { personId householdId villageCode name idNumberMasked birthDate hasDisability
                       householdStatus householdCategory householdExitedOn removed changedAt } }
      }
    }`,
  keyOf: (node) => node.personId,
  apply: async (manager: EntityManager, nodes) => {
    await manager.query(
      `INSERT INTO person_fact (person_id, household_id, village_code, name, id_number_masked, birth_date, has_disability,
                                household_status, household_category, household_exited_on, removed, changed_at)
       SELECT r."personId", r."householdId", r."villageCode", r.name, r."idNumberMasked", r."birthDate", r."hasDisability",
              r."householdStatus", r."householdCategory", r."householdExitedOn", r.removed, r."changedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("personId" uuid, "householdId" uuid, "villageCode" text, name text,
              "idNumberMasked" text, "birthDate" date, "hasDisability" boolean, "householdStatus" text,
              "householdCategory" text, "householdExitedOn" date, removed boolean, "changedAt" timestamptz)
       ON CONFLICT (person_id) DO UPDATE SET
         household_id = EXCLUDED.household_id, village_code = EXCLUDED.village_code, name = EXCLUDED.name,
         id_number_masked = EXCLUDED.id_number_masked, birth_date = EXCLUDED.birth_date,
         has_disability = EXCLUDED.has_disability, household_status = EXCLUDED.household_status,
         household_category = EXCLUDED.household_category, household_exited_on = EXCLUDED.household_exited_on,
         removed = EXCLUDED.removed, changed_at = EXCLUDED.changed_at`,
      [JSON.stringify(nodes)],
    );
  },
};

export interface EnrolmentChange {
  enrolmentId: string;
  personId: string;
  schoolId: string;
  schoolRegionCode: string;
  schoolType: string;
  schoolOwnership: string;
  academicYear: number;
  stage: string;
  grade: number;
  boarding: boolean;
  specialEducation: boolean;
  agricultureMajor: boolean;
  status: string;
  changedAt: string;
}

export const enrolmentFeed: FeedSpec<EnrolmentChange> = {
  name: 'schools.enrolmentChanges',
  field: 'enrolmentChanges',
  document: /* GraphQL */ `
    query SubsidiesEnrolmentChanges($first: Int!, $after: String) {
      enrolmentChanges(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { enrolmentId personId schoolId schoolRegionCode schoolType schoolOwnership academicYear
                       stage grade boarding specialEducation agricultureMajor status changedAt } }
      }
    }`,
  keyOf: (node) => node.enrolmentId,
  apply: async (manager: EntityManager, nodes) => {
    await manager.query(
      `INSERT INTO enrolment_fact (enrolment_id, person_id, school_id, school_region_code, school_type, school_ownership,
                                   academic_year, stage, grade, boarding, special_education, agriculture_major, status, changed_at)
       SELECT r."enrolmentId", r."personId", r."schoolId", r."schoolRegionCode", r."schoolType", r."schoolOwnership",
              r."academicYear", r.stage, r.grade, r.boarding, r."specialEducation", r."agricultureMajor", r.status, r."changedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("enrolmentId" uuid, "personId" uuid, "schoolId" uuid, "schoolRegionCode" text,
              "schoolType" text, "schoolOwnership" text, "academicYear" int, stage text, grade int, boarding boolean,
              "specialEducation" boolean, "agricultureMajor" boolean, status text, "changedAt" timestamptz)
       ON CONFLICT (enrolment_id) DO UPDATE SET
         person_id = EXCLUDED.person_id, school_id = EXCLUDED.school_id, school_region_code = EXCLUDED.school_region_code,
         school_type = EXCLUDED.school_type, school_ownership = EXCLUDED.school_ownership,
         academic_year = EXCLUDED.academic_year, stage = EXCLUDED.stage, grade = EXCLUDED.grade,
         boarding = EXCLUDED.boarding, special_education = EXCLUDED.special_education,
         agriculture_major = EXCLUDED.agriculture_major, status = EXCLUDED.status, changed_at = EXCLUDED.changed_at`,
      [JSON.stringify(nodes)],
    );
  },
};
