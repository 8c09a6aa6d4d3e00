import type { EntityManager } from 'typeorm';
import { BULK_FEED_MAX_PAGE_SIZE, type FeedSpec } from '@epg/subgraph-kit';

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
  /** Carried by bulk pages only (not projected). */
  gender?: string;
  relationToHead?: string;
}

/** The columns of a `personChangeRows` page (every PersonChange field, in the owner's order). */
const PERSON_CHANGE_COLUMNS = [
  'personId', 'householdId', 'villageCode', 'name', 'idNumberMasked', 'gender', 'birthDate', 'hasDisability',
  'relationToHead', 'householdStatus', 'householdCategory', 'householdExitedOn', 'removed', 'changedAt',
] as const;

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
  bulk: {
    field: 'personChangeRows',
    document: /* GraphQL */ `
      query SubsidiesPersonChangeRows($first: Int!, $after: String) {
        personChangeRows(first: $first, after: $after) { pageInfo { hasNextPage endCursor } columns rows }
      }`,
    columns: PERSON_CHANGE_COLUMNS,
    pageSize: BULK_FEED_MAX_PAGE_SIZE,
  },
  apply: async (manager: EntityManager, nodes) => {
    // One array per column, unnested into rows: a page is one statement, its values typed by the casts.
    const column = <K extends keyof PersonChange>(key: K) => nodes.map((n) => n[key]);
    await manager.query(
      `INSERT INTO person_fact (person_id, household_id, village_code, name, id_number_masked, birth_date, has_disability,
                                household_status, household_category, household_exited_on, removed, changed_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::boolean[],
                            $8::text[], $9::text[], $10::date[], $11::boolean[], $12::timestamptz[])
       ON CONFLICT (person_id) DO UPDATE SET
         household_id = EXCLUDED.household_id, village_code = EXCLUDED.village_code, name = EXCLUDED.name,
         id_number_masked = EXCLUDED.id_number_masked, birth_date = EXCLUDED.birth_date,
         has_disability = EXCLUDED.has_disability, household_status = EXCLUDED.household_status,
         household_category = EXCLUDED.household_category, household_exited_on = EXCLUDED.household_exited_on,
         removed = EXCLUDED.removed, changed_at = EXCLUDED.changed_at`,
      [
        column('personId'), column('householdId'), column('villageCode'), column('name'), column('idNumberMasked'),
        column('birthDate'), column('hasDisability'), column('householdStatus'), column('householdCategory'),
        column('householdExitedOn'), column('removed'), column('changedAt'),
      ],
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

/** The columns of an `enrolmentChangeRows` page (every EnrolmentChange field, in the owner's order). */
const ENROLMENT_CHANGE_COLUMNS = [
  'enrolmentId', 'personId', 'schoolId', 'schoolRegionCode', 'schoolType', 'schoolOwnership', 'academicYear', 'stage',
  'grade', 'boarding', 'specialEducation', 'agricultureMajor', 'status', 'changedAt',
] as const;

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
  bulk: {
    field: 'enrolmentChangeRows',
    document: /* GraphQL */ `
      query SubsidiesEnrolmentChangeRows($first: Int!, $after: String) {
        enrolmentChangeRows(first: $first, after: $after) { pageInfo { hasNextPage endCursor } columns rows }
      }`,
    columns: ENROLMENT_CHANGE_COLUMNS,
    pageSize: BULK_FEED_MAX_PAGE_SIZE,
  },
  apply: async (manager: EntityManager, nodes) => {
    const column = <K extends keyof EnrolmentChange>(key: K) => nodes.map((n) => n[key]);
    await manager.query(
      `INSERT INTO enrolment_fact (enrolment_id, person_id, school_id, school_region_code, school_type, school_ownership,
                                   academic_year, stage, grade, boarding, special_education, agriculture_major, status, changed_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[],
                            $9::int[], $10::boolean[], $11::boolean[], $12::boolean[], $13::text[], $14::timestamptz[])
       ON CONFLICT (enrolment_id) DO UPDATE SET
         person_id = EXCLUDED.person_id, school_id = EXCLUDED.school_id, school_region_code = EXCLUDED.school_region_code,
         school_type = EXCLUDED.school_type, school_ownership = EXCLUDED.school_ownership,
         academic_year = EXCLUDED.academic_year, stage = EXCLUDED.stage, grade = EXCLUDED.grade,
         boarding = EXCLUDED.boarding, special_education = EXCLUDED.special_education,
         agriculture_major = EXCLUDED.agriculture_major, status = EXCLUDED.status, changed_at = EXCLUDED.changed_at`,
      [
        column('enrolmentId'), column('personId'), column('schoolId'), column('schoolRegionCode'), column('schoolType'),
        column('schoolOwnership'), column('academicYear'), column('stage'), column('grade'), column('boarding'),
        column('specialEducation'), column('agricultureMajor'), column('status'), column('changedAt'),
      ],
    );
  },
};
