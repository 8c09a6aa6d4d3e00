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
  for (;;) {
    const data = await serviceGraph.request<Record<string, FeedPage<TNode>>, { first: number; after: string | null }>(
      feed.document,
      { first: FEED_PAGE_SIZE, after: cursor },
      regionCode,
    );
    const page = data[feed.field];
    if (!page) throw new Error(`the feed ${feed.name} answered without ${feed.field}`);
    const nodes = page.edges.map((e) => e.node);
    changes += nodes.length;
    const next = page.pageInfo.endCursor ?? cursor;
    await dataSource.transaction(async (manager) => {
      if (nodes.length) await feed.apply(manager, latestPerKey(nodes, feed.keyOf));
      await manager.query(
        `INSERT INTO projection_state (feed, region_code, cursor) VALUES ($1, $2, $3)
         ON CONFLICT (feed, region_code) DO UPDATE SET cursor = EXCLUDED.cursor`,
        [feed.name, regionCode, next],
      );
    });
    cursor = next;
    if (!page.pageInfo.hasNextPage || nodes.length === 0) break;
  }
  const [stamped]: { refreshed_at: Date }[] = await dataSource.query(
    `UPDATE projection_state SET refreshed_at = now() WHERE feed = $1 AND region_code = $2 RETURNING refreshed_at`,
    [feed.name, regionCode],
  );
  return { refreshedAt: stamped?.refreshed_at ?? new Date(), changes };
}
