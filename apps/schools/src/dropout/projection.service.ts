import type { DataSource } from 'typeorm';
import { provinceOf, type RegionCode } from '@epg/domain';
import { upsertRows, type UpsertTarget } from '@epg/persistence';
import { projectionRefreshedAt as refreshedAtOf, refreshProjection as refresh, type FeedSpec, type ServiceGraph } from '@epg/subgraph-kit';

/**
 * The projection of registered children (and their households) the dropout scan and the
 * indicators work on, refreshed from the households change feed through the gateway (never
 * the households tables).
 */
export interface PersonChange {
  personId: string;
  householdId: string;
  villageCode: string;
  name: string;
  gender: string;
  birthDate: string;
  hasDisability: boolean;
  relationToHead: string;
  householdStatus: string;
  householdCategory: string;
  householdExitedOn: string | null;
  removed: boolean;
  changedAt: string;
}

/** Where person changes land (registered_child), column by field; `projected_at` when applied. */
const registeredChildren: UpsertTarget<PersonChange> = {
  table: 'registered_child',
  key: 'person_id',
  columns: {
    person_id: 'personId', household_id: 'householdId', village_code: 'villageCode', name: 'name', gender: 'gender', birth_date: 'birthDate',
    has_disability: 'hasDisability', relation_to_head: 'relationToHead', household_status: 'householdStatus',
    household_category: 'householdCategory', household_exited_on: 'householdExitedOn', removed: 'removed', changed_at: 'changedAt',
  },
  stamped: { projected_at: 'now()' },
};

export const personFeed: FeedSpec<PersonChange> = {
  name: 'households.personChanges',
  field: 'personChanges',
  document: /* GraphQL */ `
    query SchoolsPersonChanges($first: Int!, $after: String) {
      personChanges(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            personId householdId villageCode name gender birthDate hasDisability relationToHead
            householdStatus householdCategory householdExitedOn removed changedAt
          }
        }
      }
    }`,
  keyOf: (change) => change.personId,
  apply: (manager, changes) => upsertRows(manager, registeredChildren, changes),
};

/**
 * Brings the projection of registered people up to date for a write that needs facts as of now (a
 * dropout scan of `regionCode`): the catch-up of the region's province, the cursor the background
 * consumer follows, so the two share one catch-up and never apply the same pages twice.
 */
export function refreshProjection(deps: { dataSource: DataSource; serviceGraph: ServiceGraph }, regionCode: RegionCode) {
  return refresh(deps, personFeed, provinceOf(regionCode));
}

/** When the projection covering `regionCode` was last refreshed (by it or by a region containing it). */
export function projectionRefreshedAt(dataSource: DataSource, regionCode: RegionCode): Promise<Date | null> {
  return refreshedAtOf(dataSource, personFeed.name, regionCode);
}
