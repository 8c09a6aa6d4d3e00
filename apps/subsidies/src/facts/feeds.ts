import type { DatedHouseholdStatus } from '@epg/domain';
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
  apply: (manager, nodes) => upsertRows(manager, enrolmentFacts, nodes),
};
