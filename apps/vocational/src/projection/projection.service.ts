import type { DataSource, EntityManager } from 'typeorm';
import {
  projectionRefreshedAt as refreshedAtOf,
  refreshIfStale as refreshWhenStale,
  refreshProjection as refresh,
  type FeedSpec,
  type ProjectionDeps,
} from '@epg/subgraph-kit';

/**
 * The projection of household members (1户1人, 两后生, indicators), refreshed from the
 * households change feed read through the gateway with a SERVICE credential (never the
 * households tables).
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
  apply: async (manager: EntityManager, changes) => {
    await manager.query(
      `INSERT INTO household_member (person_id, household_id, village_code, birth_date, household_status, removed, changed_at, projected_at)
       SELECT r."personId", r."householdId", r."villageCode", r."birthDate", r."householdStatus", r.removed, r."changedAt", now()
         FROM jsonb_to_recordset($1::jsonb) AS r("personId" uuid, "householdId" uuid, "villageCode" text, "birthDate" date,
                                                  "householdStatus" text, removed boolean, "changedAt" timestamptz)
       ON CONFLICT (person_id) DO UPDATE SET
         household_id = EXCLUDED.household_id, village_code = EXCLUDED.village_code, birth_date = EXCLUDED.birth_date,
         household_status = EXCLUDED.household_status, removed = EXCLUDED.removed, changed_at = EXCLUDED.changed_at,
         projected_at = now()`,
      [JSON.stringify(changes)],
    );
  },
};

export interface ProjectionRefresh {
  regionCode: string;
  refreshedAt: Date;
  changes: number;
}

/** Brings the projection of `regionCode` up to date (see libs/subgraph-kit projection.ts). */
export async function refreshProjection(deps: ProjectionDeps, regionCode: string): Promise<ProjectionRefresh> {
  const result = await refresh(deps, personFeed, regionCode);
  return { regionCode, ...result };
}

/** When the projection covering `regionCode` was last refreshed (by it or by a region containing it). */
export function projectionRefreshedAt(dataSource: DataSource, regionCode: string): Promise<Date | null> {
  return refreshedAtOf(dataSource, personFeed.name, regionCode);
}

/**
 * Makes sure the projection of `regionCode` (or of a region containing it) is at most `maxAgeMs`
 * old: refreshed once for all concurrent readers when stale, ahead of the limit in the background
 * (libs/subgraph-kit `refreshIfStale`).
 */
export function refreshIfStale(deps: ProjectionDeps, regionCode: string, maxAgeMs: number, now = Date.now()): Promise<Date> {
  return refreshWhenStale(deps, personFeed, regionCode, maxAgeMs, now);
}
