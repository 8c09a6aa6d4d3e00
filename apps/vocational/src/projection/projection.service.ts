import type { DataSource } from 'typeorm';
import type { ServiceGraph } from '@epg/subgraph-kit';

/**
 * The projection of household members, refreshed from the households change feed read through
 * the gateway with a SERVICE credential (never the households tables).
 */
export const PERSON_CHANGES = /* GraphQL */ `
  query VocationalPersonChanges($first: Int!, $after: String) {
    personChanges(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { personId householdId villageCode birthDate householdStatus removed changedAt } }
    }
  }
`;

export interface PersonChange {
  personId: string;
  householdId: string;
  villageCode: string;
  birthDate: string;
  householdStatus: string;
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

export interface ProjectionDeps {
  dataSource: DataSource;
  serviceGraph: ServiceGraph;
}

export interface ProjectionRefresh {
  regionCode: string;
  refreshedAt: Date;
  changes: number;
}

/** The latest change of each person in a page (the feed may list one person several times). */
export function latestPerPerson(changes: readonly PersonChange[]): PersonChange[] {
  const byPerson = new Map<string, PersonChange>();
  for (const change of changes) {
    const seen = byPerson.get(change.personId);
    if (!seen || Date.parse(seen.changedAt) <= Date.parse(change.changedAt)) byPerson.set(change.personId, change);
  }
  return [...byPerson.values()];
}

/** Upserts one page and the cursor after it in one transaction; an older change never overwrites a newer one. */
async function savePage(dataSource: DataSource, regionCode: string, changes: PersonChange[], cursor: string | null): Promise<void> {
  await dataSource.transaction(async (manager) => {
    if (changes.length) {
      await manager.query(
        `INSERT INTO household_member (person_id, household_id, village_code, birth_date, household_status, removed, changed_at, projected_at)
         SELECT r."personId", r."householdId", r."villageCode", r."birthDate", r."householdStatus", r.removed, r."changedAt", now()
           FROM jsonb_to_recordset($1::jsonb) AS r("personId" uuid, "householdId" uuid, "villageCode" text, "birthDate" date,
                                                    "householdStatus" text, removed boolean, "changedAt" timestamptz)
         ON CONFLICT (person_id) DO UPDATE SET
           household_id = EXCLUDED.household_id, village_code = EXCLUDED.village_code, birth_date = EXCLUDED.birth_date,
           household_status = EXCLUDED.household_status, removed = EXCLUDED.removed, changed_at = EXCLUDED.changed_at,
           projected_at = now()
         WHERE household_member.changed_at <= EXCLUDED.changed_at`,
        [JSON.stringify(changes)],
      );
    }
    await manager.query(
      `INSERT INTO projection_state (region_code, cursor, refreshed_at) VALUES ($1, $2, NULL)
       ON CONFLICT (region_code) DO UPDATE SET cursor = EXCLUDED.cursor`,
      [regionCode, cursor],
    );
  });
}

/**
 * Brings the projection of `regionCode` up to date: pages through the change feed from the
 * region's saved cursor (`first: 500`) until `hasNextPage` is false, then stamps `refreshed_at`.
 */
export async function refreshProjection(deps: ProjectionDeps, regionCode: string): Promise<ProjectionRefresh> {
  const { dataSource, serviceGraph } = deps;
  const saved: { cursor: string | null }[] = await dataSource.query(`SELECT cursor FROM projection_state WHERE region_code = $1`, [regionCode]);
  let cursor = saved[0]?.cursor ?? null;
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
    await savePage(dataSource, regionCode, latestPerPerson(nodes), cursor);
    if (!page.pageInfo.hasNextPage || nodes.length === 0) break;
  }
  const rows: { refreshed_at: Date }[] = await dataSource.query(
    `INSERT INTO projection_state (region_code, cursor, refreshed_at) VALUES ($1, $2, now())
     ON CONFLICT (region_code) DO UPDATE SET refreshed_at = now(), cursor = EXCLUDED.cursor
     RETURNING refreshed_at`,
    [regionCode, cursor],
  );
  return { regionCode, refreshedAt: rows[0]?.refreshed_at ?? new Date(), changes };
}

/**
 * SQL matching a projection_state row whose region contains `$n` (the region itself or one
 * above it): its canonical prefix is a prefix of the code.
 */
const COVERING_REGION = (param: string) =>
  `${param} LIKE (CASE WHEN length(region_code) = 6 AND region_code LIKE '%0000' THEN left(region_code, 2)
                       WHEN length(region_code) = 6 AND region_code LIKE '%00' THEN left(region_code, 4)
                       ELSE region_code END) || '%'`;

/** When the projection covering `regionCode` was last refreshed (by it or by a region containing it). */
export async function projectionRefreshedAt(dataSource: DataSource, regionCode: string): Promise<Date | null> {
  const rows: { refreshed_at: Date | null }[] = await dataSource.query(
    `SELECT max(refreshed_at) AS refreshed_at FROM projection_state WHERE ${COVERING_REGION('$1')}`,
    [regionCode],
  );
  return rows[0]?.refreshed_at ?? null;
}

/** Refreshes the projection of `regionCode` unless it (or a region containing it) was refreshed within `maxAgeMs`. */
export async function refreshIfStale(deps: ProjectionDeps, regionCode: string, maxAgeMs: number, now = Date.now()): Promise<Date> {
  const refreshedAt = await projectionRefreshedAt(deps.dataSource, regionCode);
  if (refreshedAt && now - refreshedAt.getTime() <= maxAgeMs) return refreshedAt;
  return (await refreshProjection(deps, regionCode)).refreshedAt;
}
