import { upsertRows, type UpsertTarget } from '@epg/persistence';
import type { FeedSpec } from '@epg/subgraph-kit';

/**
 * Who is a pupil of which school, projected from the schools service's enrolment change feed
 * (through the gateway, with a SERVICE credential; never the schools tables): SCHOOL staff read
 * only their own school's pupils and those pupils' households (DESIGN.md, issue 18 item 7).
 * Followed by the households service's background projection consumer: a pupil enrolled is
 * visible to their school within a poll or two (`PROJECTION_POLL_MS`), never by a read's refresh.
 */
export interface EnrolmentChange {
  enrolmentId: string;
  personId: string;
  schoolId: string;
  changedAt: string;
}

/** Where enrolment changes land (pupil_enrolment), column by field. */
const pupilEnrolments: UpsertTarget<EnrolmentChange> = {
  table: 'pupil_enrolment',
  key: 'enrolment_id',
  columns: { enrolment_id: 'enrolmentId', person_id: 'personId', school_id: 'schoolId', changed_at: 'changedAt' },
};

export const enrolmentFeed: FeedSpec<EnrolmentChange> = {
  name: 'schools.enrolmentChanges',
  field: 'enrolmentChanges',
  document: /* GraphQL */ `
    query HouseholdsEnrolmentChanges($first: Int!, $after: String) {
      enrolmentChanges(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { enrolmentId personId schoolId changedAt } }
      }
    }`,
  keyOf: (node) => node.enrolmentId,
  apply: (manager, nodes) => upsertRows(manager, pupilEnrolments, nodes),
};
