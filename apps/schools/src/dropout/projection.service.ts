import type { DataSource, EntityManager } from 'typeorm';
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
  apply: async (manager: EntityManager, changes) => {
    await manager.query(
      `INSERT INTO registered_child (person_id, household_id, village_code, name, gender, birth_date, has_disability,
                                     relation_to_head, household_status, household_category, household_exited_on,
                                     removed, changed_at, projected_at)
       SELECT r."personId", r."householdId", r."villageCode", r.name, r.gender, r."birthDate", r."hasDisability",
              r."relationToHead", r."householdStatus", r."householdCategory", r."householdExitedOn",
              r.removed, r."changedAt", now()
         FROM jsonb_to_recordset($1::jsonb) AS r(
              "personId" uuid, "householdId" uuid, "villageCode" text, name text, gender text, "birthDate" date,
              "hasDisability" boolean, "relationToHead" text, "householdStatus" text, "householdCategory" text,
              "householdExitedOn" date, removed boolean, "changedAt" timestamptz)
       ON CONFLICT (person_id) DO UPDATE SET
         household_id = EXCLUDED.household_id, village_code = EXCLUDED.village_code, name = EXCLUDED.name,
         gender = EXCLUDED.gender, birth_date = EXCLUDED.birth_date, has_disability = EXCLUDED.has_disability,
         relation_to_head = EXCLUDED.relation_to_head, household_status = EXCLUDED.household_status,
         household_category = EXCLUDED.household_category, household_exited_on = EXCLUDED.household_exited_on,
         removed = EXCLUDED.removed, changed_at = EXCLUDED.changed_at, projected_at = now()`,
      [JSON.stringify(changes)],
    );
  },
};

/** Brings the projection of registered people of `regionCode` up to date (see libs/subgraph-kit projection.ts). */
export function refreshProjection(deps: { dataSource: DataSource; serviceGraph: ServiceGraph }, regionCode: string) {
  return refresh(deps, personFeed, regionCode);
}

/** When the projection covering `regionCode` was last refreshed (by it or by a region containing it). */
export function projectionRefreshedAt(dataSource: DataSource, regionCode: string): Promise<Date | null> {
  return refreshedAtOf(dataSource, personFeed.name, regionCode);
}
