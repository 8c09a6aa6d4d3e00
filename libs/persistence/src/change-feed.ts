/**
 * Change feeds other services' projections page through. Each fed row carries the id of the
 * transaction that last changed it (`change_xid`, xid8) and a sequence number (`change_seq`),
 * both set by a trigger. A page returns rows in (xid, seq) order and only rows of transactions
 * older than every running one (`pg_snapshot_xmin`), so a change committed late can never land
 * behind a cursor a reader already holds.
 */
export interface FeedPosition {
  xid: string;
  seq: string;
}

/** SQL conditions for the rows after `after`, adding their parameters to `params`. */
export function feedWindowConditions(alias: string, after: FeedPosition | null, params: unknown[]): string[] {
  const conditions = [`${alias}.change_xid < pg_snapshot_xmin(pg_current_snapshot())`];
  if (after) {
    params.push(after.xid, after.seq);
    conditions.push(`(${alias}.change_xid, ${alias}.change_seq) > ($${params.length - 1}::xid8, $${params.length}::bigint)`);
  }
  return conditions;
}

/** The ORDER BY of a feed page. */
export function feedOrder(alias: string): string {
  return `${alias}.change_xid, ${alias}.change_seq`;
}

/** The columns that make a row's feed position (`changeXid`, `changeSeq` as text). */
export function feedPositionColumns(alias: string): string {
  return `${alias}.change_xid::text AS "changeXid", ${alias}.change_seq::text AS "changeSeq"`;
}
