import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { forbidden, type Principal } from '@epg/auth';
import { encodeCursor } from '@epg/domain';
import type { FeedPosition } from '@epg/persistence';
import { parseFeedArgs } from './change-feed';
import { parseInput } from './errors';
import type { PageInfo } from './pagination';
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
  /** The owner's bulk form of the same feed (see "Bulk pages" below); used instead of `document` when set. */
  bulk?: BulkFeedSpec<TNode>;
}

/**
 * A feed read in bulk pages: the query takes `$first: Int!, $after: String` and selects
 * `pageInfo { hasNextPage endCursor } columns rows`. Its cursors are the feed's own, so a
 * projection switches between the two forms without losing its place.
 */
export interface BulkFeedSpec<TNode> {
  document: string;
  /** The root field of the query, e.g. `personChangeRows`. */
  field: string;
  /** The node's fields in the order each row carries them; a page announcing other columns is refused. */
  columns: readonly (keyof TNode & string)[];
  /** Rows per page (at most BULK_FEED_MAX_PAGE_SIZE). */
  pageSize: number;
}

export const FEED_PAGE_SIZE = 500;

interface FeedPage<TNode> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: TNode }[];
}

// ─── Bulk pages ────────────────────────────────────────────────────────────────────────────────
// A connection page costs GraphQL work per field of every row, twice (the owner's executor and the
// gateway's result processing): ~10 fields × 2.2 million rows for a province's first fill. A bulk
// page carries its rows as one String of JSON tuples — a fixed cost per page whatever its size — and
// may be 20 times larger. Only SERVICE credentials (our batch jobs, read-only) may ask for it; the
// rows are the ones the connection form would return for the same scope and cursor.

/** Rows a SERVICE caller may take per bulk page. */
export const BULK_FEED_MAX_PAGE_SIZE = 10_000;

const bulkFirstSchema = z
  .number()
  .int('first must be a whole number')
  .min(1, 'first must be at least 1')
  .max(BULK_FEED_MAX_PAGE_SIZE, `first must be at most ${BULK_FEED_MAX_PAGE_SIZE}`);

/** `first`/`after` of a bulk feed page; refused (FORBIDDEN) to anyone but a SERVICE credential. */
export function parseBulkFeedArgs(principal: Principal, args: { first: number; after?: string | null }) {
  if (principal.role !== 'SERVICE') throw forbidden('bulk feed pages are for service credentials: page through the connection instead');
  const first = parseInput(bulkFirstSchema, args.first, 'first');
  const { after } = parseFeedArgs({ first: 1, after: args.after });
  return { first, after };
}

/** The wire form of a bulk page: `rows` is a JSON array of tuples in `columns` order. */
export interface FeedRowsPage {
  pageInfo: PageInfo;
  columns: string[];
  rows: string;
}

/** A bulk page as its owner read it (one row of `feedRowsChunkSql`). */
export interface FeedRowsChunk {
  /** JSON array of the page's tuples, written by PostgreSQL. */
  rows: string;
  /** Rows read: `first + 1` means another page follows. */
  fetched: number;
  /** Feed position of the page's last row (null on an empty page). */
  lastXid: string | null;
  lastSeq: string | null;
  /** Feed position of the page's first row (null on an empty page). */
  firstXid: string | null;
  firstSeq: string | null;
}

/**
 * Wraps a feed page query into one row of a FeedRowsChunk, so the database writes the page's JSON
 * and the owner's event loop handles one string instead of 10,000 rows. `pageSql` selects
 * `change_xid`, `change_seq` and `feed_row` (a `json_build_array` of the columns) in feed order with
 * `LIMIT first + 1`; `firstParam` is the placeholder holding `first`.
 */
export function feedRowsChunkSql(pageSql: string, firstParam: string): string {
  return `WITH page AS (SELECT row_number() OVER (ORDER BY p.change_xid, p.change_seq) AS n, p.* FROM (${pageSql}) p)
    SELECT coalesce(json_agg(feed_row ORDER BY n) FILTER (WHERE n <= ${firstParam}), '[]')::text AS rows,
           count(*)::int AS fetched,
           (array_agg(change_xid::text ORDER BY n DESC) FILTER (WHERE n <= ${firstParam}))[1] AS "lastXid",
           (array_agg(change_seq::text ORDER BY n DESC) FILTER (WHERE n <= ${firstParam}))[1] AS "lastSeq",
           (array_agg(change_xid::text ORDER BY n) FILTER (WHERE n <= ${firstParam}))[1] AS "firstXid",
           (array_agg(change_seq::text ORDER BY n) FILTER (WHERE n <= ${firstParam}))[1] AS "firstSeq"
      FROM page`;
}

/**
 * The bulk page of a chunk read with `LIMIT first + 1`, after `after` (null from the start); its
 * cursors are the connection's.
 */
export function toFeedRowsPage(chunk: FeedRowsChunk, first: number, columns: readonly string[], after: FeedPosition | null = null): FeedRowsPage {
  const cursorAt = (xid: string | null, seq: string | null) => (xid !== null && seq !== null ? encodeCursor([xid, seq]) : null);
  return {
    pageInfo: {
      hasNextPage: chunk.fetched > first,
      endCursor: cursorAt(chunk.lastXid, chunk.lastSeq),
      hasPreviousPage: after !== null,
      startCursor: cursorAt(chunk.firstXid, chunk.firstSeq),
    },
    columns: [...columns],
    rows: chunk.rows,
  };
}

const bulkPageSchema = z.object({
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  columns: z.array(z.string()),
  rows: z.string(),
});

/**
 * Reads a bulk page back into nodes. The envelope and the shape of every row are checked here;
 * the values are typed by the projection's own SQL casts (uuid, date, boolean, …) when applied,
 * so a malformed value fails the page's transaction instead of landing in the projection.
 */
export function nodesOfFeedRowsPage<TNode>(raw: unknown, columns: readonly (keyof TNode & string)[]): FeedPage<TNode> {
  const page = bulkPageSchema.parse(raw);
  if (page.columns.length !== columns.length || page.columns.some((c, i) => c !== columns[i])) {
    throw new Error(`the bulk feed answered columns ${page.columns.join(',')} instead of ${columns.join(',')}`);
  }
  const tuples: unknown = JSON.parse(page.rows);
  if (!Array.isArray(tuples)) throw new Error('the bulk feed rows are not an array');
  const edges = tuples.map((tuple: unknown) => {
    if (!Array.isArray(tuple) || tuple.length !== columns.length) throw new Error('a bulk feed row does not match its columns');
    const node: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) node[columns[i]!] = tuple[i];
    return { node: node as TNode };
  });
  return { pageInfo: page.pageInfo, edges };
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

/** What a projection refresh needs: the local database and the graph (through the gateway). */
export interface ProjectionDeps {
  dataSource: DataSource;
  serviceGraph: ServiceGraph;
  /** Where a background refresh reports its failure (the request that started it is gone). */
  logger?: { warn(details: object, message: string): void };
}

/** How a catch-up ended. */
export interface ProjectionRefresh {
  /**
   * As of when the projection is complete: the moment this catch-up started (every change the
   * owner had committed by then is applied). Stored as `projection_state.refreshed_at`.
   */
  refreshedAt: Date;
  /** Changes applied (before reduction to the latest per key). */
  changes: number;
}

/** Stops a catch-up between pages: the projection keeps its cursor and its previous `refreshedAt`. */
export class ProjectionCatchUpStopped extends Error {
  constructor(readonly feed: string, readonly regionCode: string, readonly reason: 'stopped' | 'moved') {
    super(
      reason === 'stopped'
        ? `catching up ${feed} for ${regionCode} was stopped`
        : `the cursor of ${feed} for ${regionCode} was moved by another catch-up`,
    );
  }
}

/**
 * Catch-ups in flight, per database schema and (feed, region): never two over one cursor in a
 * process, even from two data sources of one service (the consumer's own pool, the requests').
 */
const inFlight = new Map<string, Promise<ProjectionRefresh>>();

/** The projection's home: the data source's database and schema. */
function homeOf(dataSource: DataSource): string {
  const options = dataSource.options as { url?: string; schema?: string; database?: string; host?: string; port?: number };
  return `${options.url ?? `${options.host}:${options.port}/${options.database}`}|${options.schema ?? ''}`;
}

/** A catch-up whose cursor another process moved goes on from there, up to this many times. */
const MOVED_RETRIES = 5;

/**
 * Brings the projection of `regionCode` up to date from its saved cursor: every change the owner
 * committed before the call is applied when it resolves. One catch-up at a time per (feed,
 * region) in a process (a caller arriving while one runs waits for it, then joins or starts the
 * next, which began after its call); across processes the cursor is compared and set in each
 * page's transaction, so two runners never apply the same page twice or go back in the feed.
 * `signal` stops it between pages.
 */
export async function refreshProjection<TNode>(
  deps: ProjectionDeps,
  feed: FeedSpec<TNode>,
  regionCode: string,
  signal?: AbortSignal,
): Promise<ProjectionRefresh> {
  const key = `${homeOf(deps.dataSource)}\n${feed.name}\n${regionCode}`;
  const running = inFlight.get(key);
  if (running) {
    await running.catch(() => undefined);
    const next = inFlight.get(key);
    if (next) return next;
  }
  const started = catchUpRetrying(deps, feed, regionCode, signal).finally(() => {
    if (inFlight.get(key) === started) inFlight.delete(key);
  });
  inFlight.set(key, started);
  return started;
}

async function catchUpRetrying<TNode>(deps: ProjectionDeps, feed: FeedSpec<TNode>, regionCode: string, signal?: AbortSignal): Promise<ProjectionRefresh> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await catchUp(deps, feed, regionCode, signal);
    } catch (err) {
      if (!(err instanceof ProjectionCatchUpStopped) || err.reason !== 'moved' || attempt >= MOVED_RETRIES) throw err;
    }
  }
}

async function catchUp<TNode>(deps: ProjectionDeps, feed: FeedSpec<TNode>, regionCode: string, signal?: AbortSignal): Promise<ProjectionRefresh> {
  const { dataSource, serviceGraph } = deps;
  // As of now: every change committed before this statement is in the pages read below.
  const [{ started, cursor: saved }]: { started: Date; cursor: string | null }[] = await dataSource.query(
    `SELECT now() AS started, (SELECT cursor FROM projection_state WHERE feed = $1 AND region_code = $2) AS cursor`,
    [feed.name, regionCode],
  );
  let cursor = saved;
  let changes = 0;
  const { bulk } = feed;
  const fetchPage = async (after: string | null): Promise<FeedPage<TNode>> => {
    const data = await serviceGraph.request<Record<string, unknown>, { first: number; after: string | null }>(
      bulk ? bulk.document : feed.document,
      { first: bulk ? bulk.pageSize : FEED_PAGE_SIZE, after },
      regionCode,
    );
    const field = bulk ? bulk.field : feed.field;
    const page = data[field];
    if (!page) throw new Error(`the feed ${feed.name} answered without ${field}`);
    return bulk ? nodesOfFeedRowsPage<TNode>(page, bulk.columns) : (page as FeedPage<TNode>);
  };
  // The next page is requested while this one is written (the owner serves while we write);
  // each page is still applied together with its cursor, in feed order. One page ahead at most:
  // a slow local database holds the owner back, not the other way round.
  let pending = fetchPage(cursor);
  for (;;) {
    const page = await pending;
    const nodes = page.edges.map((e) => e.node);
    changes += nodes.length;
    const next = page.pageInfo.endCursor ?? cursor;
    const more = page.pageInfo.hasNextPage && nodes.length > 0;
    if (more && !signal?.aborted) {
      pending = fetchPage(next);
      pending.catch(() => undefined); // surfaced by the await above on the next turn
    }
    await dataSource.transaction(async (manager) => {
      // Compare and set: the cursor must still be where this catch-up read it.
      await manager.query(
        `INSERT INTO projection_state (feed, region_code, cursor) VALUES ($1, $2, NULL) ON CONFLICT (feed, region_code) DO NOTHING`,
        [feed.name, regionCode],
      );
      const [held]: { cursor: string | null }[] = await manager.query(
        `SELECT cursor FROM projection_state WHERE feed = $1 AND region_code = $2 FOR UPDATE`,
        [feed.name, regionCode],
      );
      if ((held?.cursor ?? null) !== cursor) throw new ProjectionCatchUpStopped(feed.name, regionCode, 'moved');
      if (nodes.length) await feed.apply(manager, latestPerKey(nodes, feed.keyOf));
      await manager.query(`UPDATE projection_state SET cursor = $3 WHERE feed = $1 AND region_code = $2`, [feed.name, regionCode, next]);
    });
    cursor = next;
    if (!more) break;
    if (signal?.aborted) throw new ProjectionCatchUpStopped(feed.name, regionCode, 'stopped');
  }
  await dataSource.query(
    `UPDATE projection_state SET refreshed_at = greatest(refreshed_at, $3::timestamptz) WHERE feed = $1 AND region_code = $2`,
    [feed.name, regionCode, started],
  );
  return { refreshedAt: started, changes };
}

/**
 * When the projection covering `regionCode` was last refreshed from `feedName`: by the region
 * itself or by a region containing it (whose canonical prefix the code starts with).
 * Not a scope predicate (no caller's rows are filtered): it asks which stored regions cover a
 * code, the other way round, so it computes each stored region's canonical prefix in SQL.
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

/** Upgrades a single-feed `projection_state (region_code PK, …)` to the shared (feed, region) shape. */
export function upgradeProjectionStateSql(feedName: string): string[] {
  return [
    `ALTER TABLE projection_state ADD COLUMN feed text NOT NULL DEFAULT '${feedName.replace(/'/g, "''")}'`,
    `ALTER TABLE projection_state ALTER COLUMN feed DROP DEFAULT`,
    `ALTER TABLE projection_state DROP CONSTRAINT projection_state_pkey`,
    `ALTER TABLE projection_state ADD PRIMARY KEY (feed, region_code)`,
  ];
}

/** The way back from `upgradeProjectionStateSql`: keeps `feedName`'s cursors, drops the others. */
export function downgradeProjectionStateSql(feedName: string): string[] {
  return [
    `DELETE FROM projection_state WHERE feed <> '${feedName.replace(/'/g, "''")}'`,
    `ALTER TABLE projection_state DROP CONSTRAINT projection_state_pkey`,
    `ALTER TABLE projection_state DROP COLUMN feed`,
    `ALTER TABLE projection_state ADD PRIMARY KEY (region_code)`,
  ];
}
