import type { DataSource } from 'typeorm';
import { provinceOf, type RegionCode } from '@epg/domain';
import { upsertRows, type UpsertTarget } from '@epg/persistence';
import {
  projectionRefreshedAt as refreshedAtOf,
  refreshProjection as refresh,
  type FeedSpec,
  type ProjectionDeps,
} from '@epg/subgraph-kit';

/**
 * The projection of household members (1户1人, 两后生, indicators), kept up to date by the
 * service's background projection consumer from the households change feed, read through the
 * gateway with a SERVICE credential (never the households tables); reads never refresh it.
 */
export interface PersonChange {
  personId: string;
  householdId: string;
  villageCode: string;
  birthDate: string;
  householdStatus: string;
  removed: boolean;
  changedAt: string;
}

export type { ProjectionDeps };

/** Where person changes land (household_member), column by field; `projected_at` when applied. */
const householdMembers: UpsertTarget<PersonChange> = {
  table: 'household_member',
  key: 'person_id',
  columns: {
    person_id: 'personId', household_id: 'householdId', village_code: 'villageCode', birth_date: 'birthDate',
    household_status: 'householdStatus', removed: 'removed', changed_at: 'changedAt',
  },
  stamped: { projected_at: 'now()' },
};

export const personFeed: FeedSpec<PersonChange> = {
  name: 'households.personChanges',
  field: 'personChanges',
  document: /* GraphQL */ `
    query VocationalPersonChanges($first: Int!, $after: String) {
      personChanges(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { personId householdId villageCode birthDate householdStatus removed changedAt } }
      }
    }`,
  keyOf: (change) => change.personId,
  apply: (manager, changes) => upsertRows(manager, householdMembers, changes),
};

export interface ProjectionRefresh {
  regionCode: RegionCode;
  refreshedAt: Date;
  changes: number;
}

/**
 * Brings the projection covering `regionCode` up to date now (an operator's explicit catch-up):
 * the catch-up of its province, the cursor the background consumer follows, so both share one.
 */
export async function refreshProjection(deps: ProjectionDeps, regionCode: RegionCode): Promise<ProjectionRefresh> {
  const result = await refresh(deps, personFeed, provinceOf(regionCode));
  return { regionCode, ...result };
}

/** When the projection covering `regionCode` was last refreshed (by it or by a region containing it). */
export function projectionRefreshedAt(dataSource: DataSource, regionCode: RegionCode): Promise<Date | null> {
  return refreshedAtOf(dataSource, personFeed.name, regionCode);
}
