import type { DataSource, EntityManager } from 'typeorm';
import type { ServiceGraph } from './service-graph';

/**
 * Projections: a service's local copy of another service's facts, refreshed by paging through
 * the owner's change feed through the gateway (never its tables). Each (feed, region) keeps its
 * own cursor and the time of its last complete refresh in `projection_state`
 * (DDL: `projectionStateTableSql()`); every page is applied together with its cursor in one
 * transaction, so a crash mid-refresh resumes where it stopped and never skips a change.
 */
export interface FeedSpec<TNode> {
  /** Name of the feed in projection_state, e.g. `households.personChanges`. */
  name: string;
  /** The query; takes `$first: Int!, $after: String` and selects `pageInfo` and `edges { node }`. */
  document: string;
  /** The root field of the query, e.g. `personChanges`. */
  field: string;
  /** Applies one page of changes (already reduced to the latest change per key). */
  apply(manager: EntityManager, nodes: TNode[]): Promise<void>;
  /** The key of a node: a page listing one key twice keeps only the later change. */
  keyOf(node: TNode): string;
}

export const FEED_PAGE_SIZE = 500;

interface FeedPage<TNode> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: TNode }[];
}

export function projectionStateTableSql(): string[] {
  return [
    `CREATE TABLE projection_state (
       feed text NOT NULL,
       region_code text NOT NULL,
       cursor text,
       refreshed_at timestamptz,
       PRIMARY KEY (feed, region_code)
     )`,
  ];
}

/** The last change per key, in feed order. */
export function latestPerKey<TNode>(nodes: readonly TNode[], keyOf: (node: TNode) => string): TNode[] {
  const byKey = new Map<string, TNode>();
  for (const node of nodes) {
    byKey.delete(keyOf(node));
    byKey.set(keyOf(node), node);
  }
  return [...byKey.values()];
}

/** Brings the projection of `regionCode` up to date from its saved cursor. */
export async function refreshProjection<TNode>(
  deps: { dataSource: DataSource; serviceGraph: ServiceGraph },
  feed: FeedSpec<TNode>,
  regionCode: string,
): Promise<{ refreshedAt: Date; changes: number }> {
  const { dataSource, serviceGraph } = deps;
  const saved: { cursor: string | null }[] = await dataSource.query(
    `SELECT cursor FROM projection_state WHERE feed = $1 AND region_code = $2`,
    [feed.name, regionCode],
  );
  let cursor = saved[0]?.cursor ?? null;
  let changes = 0;
  const fetchPage = async (after: string | null): Promise<FeedPage<TNode>> => {
    const data = await serviceGraph.request<Record<string, FeedPage<TNode>>, { first: number; after: string | null }>(
      feed.document,
      { first: FEED_PAGE_SIZE, after },
      regionCode,
    );
    const page = data[feed.field];
    if (!page) throw new Error(`the feed ${feed.name} answered without ${feed.field}`);
    return page;
  };
  // The next page is requested while this one is written (the owner serves while we write);
  // each page is still applied together with its cursor, in feed order.
  let pending = fetchPage(cursor);
  for (;;) {
    const page = await pending;
    const nodes = page.edges.map((e) => e.node);
    changes += nodes.length;
    const next = page.pageInfo.endCursor ?? cursor;
    const more = page.pageInfo.hasNextPage && nodes.length > 0;
    if (more) {
      pending = fetchPage(next);
      pending.catch(() => undefined); // surfaced by the await above on the next turn
    }
    await dataSource.transaction(async (manager) => {
      if (nodes.length) await feed.apply(manager, latestPerKey(nodes, feed.keyOf));
      await manager.query(
        `INSERT INTO projection_state (feed, region_code, cursor) VALUES ($1, $2, $3)
         ON CONFLICT (feed, region_code) DO UPDATE SET cursor = EXCLUDED.cursor`,
        [feed.name, regionCode, next],
      );
    });
    cursor = next;
    if (!more) break;
  }
  const [stamped]: { refreshed_at: Date }[] = await dataSource.query(
    `UPDATE projection_state SET refreshed_at = now() WHERE feed = $1 AND region_code = $2 RETURNING refreshed_at`,
    [feed.name, regionCode],
  );
  return { refreshedAt: stamped?.refreshed_at ?? new Date(), changes };
}

/**
 * When the projection covering `regionCode` was last refreshed from `feedName`: by the region
 * itself or by a region containing it (whose canonical prefix the code starts with).
 */
export async function projectionRefreshedAt(dataSource: DataSource, feedName: string, regionCode: string): Promise<Date | null> {
  const rows: { refreshed_at: Date | null }[] = await dataSource.query(
    `SELECT max(refreshed_at) AS refreshed_at FROM projection_state
      WHERE feed = $1
        AND $2 LIKE (CASE WHEN length(region_code) = 6 AND region_code LIKE '%0000' THEN left(region_code, 2)
                          WHEN length(region_code) = 6 AND region_code LIKE '%00' THEN left(region_code, 4)
                          ELSE region_code END) || '%'`,
    [feedName, regionCode],
  );
  return rows[0]?.refreshed_at ?? null;
}

/** Refreshes unless the region (or one containing it) was refreshed within `maxAgeMs`. */
export async function refreshIfStale<TNode>(
  deps: { dataSource: DataSource; serviceGraph: ServiceGraph },
  feed: FeedSpec<TNode>,
  regionCode: string,
  maxAgeMs: number,
  now = Date.now(),
): Promise<Date> {
  const refreshedAt = await projectionRefreshedAt(deps.dataSource, feed.name, regionCode);
  if (refreshedAt && now - refreshedAt.getTime() <= maxAgeMs) return refreshedAt;
  return (await refreshProjection(deps, feed, regionCode)).refreshedAt;
}

/** Upgrades a single-feed `projection_state (region_code PK, …)` to the shared (feed, region) shape. */
export function upgradeProjectionStateSql(feedName: string): string[] {
  return [
    `ALTER TABLE projection_state ADD COLUMN feed text NOT NULL DEFAULT '${feedName.replace(/'/g, "''")}'`,
    `ALTER TABLE projection_state ALTER COLUMN feed DROP DEFAULT`,
    `ALTER TABLE projection_state DROP CONSTRAINT projection_state_pkey`,
    `ALTER TABLE projection_state ADD PRIMARY KEY (feed, region_code)`,
  ];
}
