import type { FeedPosition } from '@epg/persistence';
import { badUserInput } from './errors';
import { parsePageArgs, toConnection } from './pagination';

/** `first`/`after` of a change feed: the cursor is a feed position. */
export function parseFeedArgs(args: { first: number; after?: string | null }): { first: number; after: FeedPosition | null } {
  const page = parsePageArgs(args);
  if (!page.after) return { first: page.first, after: null };
  const [xid, seq] = page.after.map(String);
  if (!xid || !seq || !/^\d+$/.test(xid) || !/^\d+$/.test(seq)) {
    throw badUserInput('after: not a cursor this feed returned', [{ path: 'after', message: 'not a cursor this feed returned' }]);
  }
  return { first: page.first, after: { xid, seq } };
}

/** A feed page from rows fetched with `LIMIT first + 1`; `after` is the position it was read after. */
export function toFeedPage<T extends { changeXid: string; changeSeq: string }>(rows: T[], first: number, after: FeedPosition | null = null) {
  const resumed = after ? [after.xid, after.seq] : null;
  const connection = toConnection(rows, { first, after: resumed }, (row) => [row.changeXid, row.changeSeq], async () => rows.length);
  return { pageInfo: connection.pageInfo, edges: connection.edges };
}
