import { ENROLMENT_CHANGE_COLUMNS, ENROLMENT_CHANGE_FEED, enrolmentChangeQueries, type DatedHouseholdStatus, type EnrolmentChange } from '@epg/domain';
import { upsertRows, type UpsertTarget } from '@epg/persistence';
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
  /** The household's dated status history, oldest first. */
  householdStatusHistory: DatedHouseholdStatus[];
  /** Carried by bulk pages only (not projected). */
  gender?: string;
  relationToHead?: string;
}

/** The columns of a `personChangeRows` page (every PersonChange field, in the owner's order). */
const PERSON_CHANGE_COLUMNS = [
  'personId', 'householdId', 'villageCode', 'name', 'idNumberMasked', 'gender', 'birthDate', 'hasDisability',
  'relationToHead', 'householdStatus', 'householdCategory', 'householdExitedOn', 'removed', 'changedAt', 'householdStatusHistory',
] as const;

/** A person change as a person_fact row: the status history as JSON text (a jsonb column). */
type PersonFactRow = Omit<PersonChange, 'householdStatusHistory'> & { householdStatusHistory: string };

/** Where person changes land (person_fact), column by field. */
const personFacts: UpsertTarget<PersonFactRow> = {
  table: 'person_fact',
  key: 'person_id',
  columns: {
    person_id: 'personId', household_id: 'householdId', village_code: 'villageCode', name: 'name', id_number_masked: 'idNumberMasked',
    birth_date: 'birthDate', has_disability: 'hasDisability', household_status: 'householdStatus', household_category: 'householdCategory',
    household_exited_on: 'householdExitedOn', removed: 'removed', changed_at: 'changedAt', household_status_history: 'householdStatusHistory',
  },
};

export const personFeed: FeedSpec<PersonChange> = {
  name: 'households.personChanges',
  field: 'personChanges',
  document: /* GraphQL */ `
    query SubsidiesPersonChanges($first: Int!, $after: String) {
      personChanges(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { personId householdId villageCode name idNumberMasked birthDate hasDisability
                       householdStatus householdCategory householdExitedOn removed changedAt
                       householdStatusHistory { status on } } }
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
  apply: (manager, nodes) =>
    upsertRows(
      manager,
      personFacts,
      nodes.map((node) => ({ ...node, householdStatusHistory: JSON.stringify(node.householdStatusHistory.map(({ status, on }) => ({ status, on }))) })),
    ),
};

export type { EnrolmentChange };

/** Where enrolment changes land (enrolment_fact), column by field. */
const enrolmentFacts: UpsertTarget<EnrolmentChange> = {
  table: 'enrolment_fact',
  key: 'enrolment_id',
  columns: {
    enrolment_id: 'enrolmentId', person_id: 'personId', school_id: 'schoolId', school_region_code: 'schoolRegionCode',
    school_type: 'schoolType', school_ownership: 'schoolOwnership', academic_year: 'academicYear', stage: 'stage', grade: 'grade',
    boarding: 'boarding', special_education: 'specialEducation', agriculture_major: 'agricultureMajor', status: 'status', changed_at: 'changedAt',
  },
};

const enrolmentQueries = enrolmentChangeQueries('Subsidies');

export const enrolmentFeed: FeedSpec<EnrolmentChange> = {
  name: ENROLMENT_CHANGE_FEED.name,
  field: ENROLMENT_CHANGE_FEED.field,
  document: enrolmentQueries.document,
  keyOf: (node) => node.enrolmentId,
  bulk: { field: ENROLMENT_CHANGE_FEED.bulkField, document: enrolmentQueries.bulkDocument, columns: ENROLMENT_CHANGE_COLUMNS, pageSize: BULK_FEED_MAX_PAGE_SIZE },
  apply: (manager, nodes) => upsertRows(manager, enrolmentFacts, nodes),
};

/** A university admission (高考录取) as the schools service's `universityAdmissionChanges` carries it. */
export interface UniversityAdmissionChange {
  admissionId: string;
  personId: string;
  enrolmentId: string;
  schoolId: string;
  regionCode: string;
  academicYear: number;
  university: string;
  inProvince: boolean;
  admittedOn: string;
  withdrawn: boolean;
  changedAt: string;
}

/** Where admission changes land (university_admission_fact), column by field. */
const admissionFacts: UpsertTarget<UniversityAdmissionChange> = {
  table: 'university_admission_fact',
  key: 'admission_id',
  columns: {
    admission_id: 'admissionId', person_id: 'personId', enrolment_id: 'enrolmentId', school_id: 'schoolId', region_code: 'regionCode',
    academic_year: 'academicYear', university: 'university', in_province: 'inProvince', admitted_on: 'admittedOn', withdrawn: 'withdrawn',
    changed_at: 'changedAt',
  },
};

/** University admissions, for the university grants (A-UNI-TRAVEL, A-UNI-ENTRY). */
export const admissionFeed: FeedSpec<UniversityAdmissionChange> = {
  name: 'schools.universityAdmissionChanges',
  field: 'universityAdmissionChanges',
  document: /* GraphQL */ `
    query SubsidiesUniversityAdmissionChanges($first: Int!, $after: String) {
      universityAdmissionChanges(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { admissionId personId enrolmentId schoolId regionCode academicYear university inProvince admittedOn withdrawn changedAt } }
      }
    }`,
  keyOf: (node) => node.admissionId,
  apply: (manager, nodes) => upsertRows(manager, admissionFacts, nodes),
};

/** A 两后生 row as the vocational service's `nonContinuingGraduateChanges` carries it. */
export interface NonContinuingGraduateChange {
  personId: string;
  regionCode: string;
  year: number;
  removed: boolean;
  changedAt: string;
}

/** 两后生 rows (whether flagged by hand or detected), for C-VOC-TWO; one per person and year. */
export const nonContinuingGraduateFeed: FeedSpec<NonContinuingGraduateChange> = {
  name: 'vocational.nonContinuingGraduateChanges',
  field: 'nonContinuingGraduateChanges',
  document: /* GraphQL */ `
    query SubsidiesNonContinuingGraduateChanges($first: Int!, $after: String) {
      nonContinuingGraduateChanges(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { personId regionCode year removed changedAt } }
      }
    }`,
  keyOf: (node) => `${node.personId}|${node.year}`,
  apply: async (manager, nodes) => {
    await manager.query(
      `INSERT INTO non_continuing_graduate_fact (person_id, year, region_code, removed, changed_at)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::boolean[], $5::timestamptz[])
       ON CONFLICT (person_id, year) DO UPDATE
         SET region_code = EXCLUDED.region_code, removed = EXCLUDED.removed, changed_at = EXCLUDED.changed_at`,
      [nodes.map((n) => n.personId), nodes.map((n) => n.year), nodes.map((n) => n.regionCode), nodes.map((n) => n.removed), nodes.map((n) => n.changedAt)],
    );
  },
};
