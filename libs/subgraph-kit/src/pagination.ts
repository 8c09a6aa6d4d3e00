import { decodeCursor, encodeCursor, pageSizeSchema } from '@epg/domain';
import { badUserInput, parseInput } from './errors';

export type CursorValues = (string | number)[];

export interface PageRequest {
  first: number;
  /** Sort-key values of the last row of the previous page, or null for the first page. */
  after: CursorValues | null;
}

/**
 * Relay's PageInfo for forward-only keyset paging: `hasPreviousPage` says only that the page was
 * read after a cursor (rows precede it); finding out whether rows still exist before that cursor
 * would cost a second query per page, and no client pages backwards.
 */
export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
  hasPreviousPage: boolean;
  startCursor: string | null;
}

/** PageInfo of a page of `edges` (already cut to `first`), read after a cursor or from the start. */
export function pageInfoOf(edges: readonly { cursor: string }[], hasNextPage: boolean, readAfterCursor: boolean): PageInfo {
  return {
    hasNextPage,
    endCursor: edges.length ? edges[edges.length - 1]!.cursor : null,
    hasPreviousPage: readAfterCursor,
    startCursor: edges.length ? edges[0]!.cursor : null,
  };
}

export interface Connection<T> {
  /** A thunk: the count query runs only when a client asks for it. */
  totalCount: () => Promise<number>;
  pageInfo: PageInfo;
  edges: { cursor: string; node: T }[];
}

/** Validates `first`/`after` (BAD_USER_INPUT with the field name when wrong). */
export function parsePageArgs(args: { first: number; after?: string | null }): PageRequest {
  const first = parseInput(pageSizeSchema, args.first, 'first');
  if (args.after == null || args.after === '') return { first, after: null };
  try {
    return { first, after: decodeCursor(args.after) };
  } catch {
    throw badUserInput('after: not a cursor this list returned', [{ path: 'after', message: 'not a cursor this list returned' }]);
  }
}

/**
 * Builds a keyset connection from rows fetched with `LIMIT first + 1`
 * (the extra row only tells whether another page exists).
 */
export function toConnection<T>(
  rows: T[],
  page: PageRequest,
  cursorOf: (row: T) => CursorValues,
  count: () => Promise<number>,
): Connection<T> {
  const hasNextPage = rows.length > page.first;
  const pageRows = hasNextPage ? rows.slice(0, page.first) : rows;
  const edges = pageRows.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  let counted: Promise<number> | undefined;
  return {
    totalCount: () => (counted ??= count()),
    pageInfo: pageInfoOf(edges, hasNextPage, page.after !== null),
    edges,
  };
}
