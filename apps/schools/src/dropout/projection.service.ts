import type { DataSource } from 'typeorm';
import type { ServiceGraph } from '@epg/subgraph-kit';
import { ProjectionStateEntity } from './dropout.entity';

/** The households change feed, read through the gateway (never the households tables). */
export const PERSON_CHANGES = /* GraphQL */ `
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
  }
`;

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

interface PersonChangesPage {
  personChanges: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: PersonChange }[];
  };
}

export const FEED_PAGE_SIZE = 500;

/** The latest change of each person in a page (the feed may list one person several times). */
export function latestPerPerson(changes: readonly PersonChange[]): PersonChange[] {
  const byPerson = new Map<string, PersonChange>();
  for (const change of changes) {
    const seen = byPerson.get(change.personId);
    if (!seen || seen.changedAt <= change.changedAt) byPerson.set(change.personId, change);
  }
  return [...byPerson.values()];
}

/** Upserts a page of changes; an older change never overwrites a newer one. */
async function upsertChanges(dataSource: DataSource, changes: PersonChange[], state: { regionCode: string; cursor: string | null }) {
  await dataSource.transaction(async (manager) => {
    if (changes.length) {
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
           removed = EXCLUDED.removed, changed_at = EXCLUDED.changed_at, projected_at = now()
         WHERE registered_child.changed_at <= EXCLUDED.changed_at`,
        [JSON.stringify(changes)],
      );
    }
    await manager.query(
      `INSERT INTO projection_state (region_code, cursor, refreshed_at) VALUES ($1, $2, NULL)
       ON CONFLICT (region_code) DO UPDATE SET cursor = EXCLUDED.cursor`,
      [state.regionCode, state.cursor],
    );
  });
}

/**
 * Brings the projection of registered people of `regionCode` up to date: pages through the
 * households change feed from the region's saved cursor (`first: 500`) until no page is left,
 * upserting each page with the cursor, then stamps `refreshedAt`.
 */
export async function refreshProjection(
  deps: { dataSource: DataSource; serviceGraph: ServiceGraph },
  regionCode: string,
): Promise<{ refreshedAt: Date; changes: number }> {
  const { dataSource, serviceGraph } = deps;
  const saved = await dataSource.getRepository(ProjectionStateEntity).findOne({ where: { regionCode } });
  let cursor = saved?.cursor ?? null;
  let changes = 0;
  for (;;) {
    const data = await serviceGraph.request<PersonChangesPage, { first: number; after: string | null }>(
      PERSON_CHANGES,
      { first: FEED_PAGE_SIZE, after: cursor },
      regionCode,
    );
    const page = data.personChanges;
    const nodes = page.edges.map((e) => e.node);
    changes += nodes.length;
    cursor = page.pageInfo.endCursor ?? cursor;
    await upsertChanges(dataSource, latestPerPerson(nodes), { regionCode, cursor });
    if (!page.pageInfo.hasNextPage || nodes.length === 0) break;
  }
  const rows: { refreshed_at: Date }[] = await dataSource.query(
    `WITH stamped AS (
       INSERT INTO projection_state (region_code, cursor, refreshed_at) VALUES ($1, $2, now())
       ON CONFLICT (region_code) DO UPDATE SET refreshed_at = now(), cursor = EXCLUDED.cursor
       RETURNING refreshed_at)
     SELECT refreshed_at FROM stamped`,
    [regionCode, cursor],
  );
  return { refreshedAt: rows[0]?.refreshed_at ?? new Date(), changes };
}

/** When the projection covering `regionCode` was last refreshed (by it or by a region containing it). */
export async function projectionRefreshedAt(dataSource: DataSource, regionCode: string): Promise<Date | null> {
  const rows: { refreshed_at: Date | null }[] = await dataSource.query(
    `SELECT max(refreshed_at) AS refreshed_at FROM projection_state
      WHERE $1 LIKE (CASE WHEN length(region_code) = 6 AND region_code LIKE '%0000' THEN left(region_code, 2)
                          WHEN length(region_code) = 6 AND region_code LIKE '%00' THEN left(region_code, 4)
                          ELSE region_code END) || '%'`,
    [regionCode],
  );
  return rows[0]?.refreshed_at ?? null;
}
