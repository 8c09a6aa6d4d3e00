import { upsertRows, type UpsertTarget } from '@epg/persistence';
import { refreshIfStale, type FeedSpec, type ProjectionDeps } from '@epg/subgraph-kit';

/**
 * Who is a pupil of which school, projected from the schools service's enrolment change feed
 * (through the gateway, with a SERVICE credential; never the schools tables): SCHOOL staff read
 * only their own school's pupils and those pupils' households (DESIGN.md, issue 18 item 7).
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

/**
 * How old the projection may be when SCHOOL staff read: a pupil enrolled since is visible to
 * their school within this time.
 */
export const PUPIL_PROJECTION_MAX_AGE_MS = 60_000;

/**
 * When a SCHOOL read misses an id, the projection is refreshed once more if it is older than this
 * (a pupil enrolled a moment ago — `enrolStudent` answers with the person — is then found), at
 * most once per this time for all readers of the region, whether the id is a pupil or not.
 */
export const PUPIL_MISS_MAX_AGE_MS = 2_000;

/** Makes sure the enrolments of `regionCode` (the school's region) are at most `maxAgeMs` old. */
export function refreshPupilsIfStale(deps: ProjectionDeps, regionCode: string, maxAgeMs = PUPIL_PROJECTION_MAX_AGE_MS): Promise<Date> {
  return refreshIfStale(deps, enrolmentFeed, regionCode, maxAgeMs);
}

/**
 * Rows by id for SCHOOL staff (`find` already narrowed to their pupils): with the projection fresh,
 * and once more after a refresh for ids it missed.
 */
export async function findWithFreshPupils<T extends { id: string }>(
  deps: ProjectionDeps,
  regionCode: string,
  ids: readonly string[],
  find: (ids: readonly string[]) => Promise<T[]>,
): Promise<T[]> {
  await refreshPupilsIfStale(deps, regionCode);
  const found = await find(ids);
  if (found.length >= ids.length) return found;
  const known = new Set(found.map((row) => row.id));
  await refreshPupilsIfStale(deps, regionCode, PUPIL_MISS_MAX_AGE_MS);
  return [...found, ...(await find(ids.filter((id) => !known.has(id))))];
}
