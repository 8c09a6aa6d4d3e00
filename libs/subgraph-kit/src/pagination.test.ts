import { GraphQLError } from 'graphql';
import { encodeCursor } from '@epg/domain';
import { toFeedPage } from './change-feed';
import { parsePageArgs, toConnection } from './pagination';

describe('cursor pagination', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ id: `id-${n}`, n }));

  it('builds a page from first + 1 rows and resumes after its end cursor', async () => {
    const page = parsePageArgs({ first: 3 });
    const connection = toConnection(rows, page, (r) => [r.n, r.id], async () => 42);
    expect(connection.edges.map((e) => e.node.n)).toEqual([1, 2, 3]);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    await expect(connection.totalCount()).resolves.toBe(42);
    const next = parsePageArgs({ first: 3, after: connection.pageInfo.endCursor });
    expect(next.after).toEqual([3, 'id-3']);
  });

  it('says when there is no next page', () => {
    const connection = toConnection(rows.slice(0, 2), parsePageArgs({ first: 3 }), (r) => [r.id], async () => 2);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: connection.edges[1]!.cursor, hasPreviousPage: false, startCursor: connection.edges[0]!.cursor });
    expect(toConnection([], parsePageArgs({ first: 3 }), (r: { id: string }) => [r.id], async () => 0).pageInfo.endCursor).toBeNull();
  });

  it('gives the start cursor and says a page read after a cursor has rows before it', () => {
    const first = toConnection(rows, parsePageArgs({ first: 2 }), (r) => [r.n, r.id], async () => 4);
    expect(first.pageInfo.hasPreviousPage).toBe(false);
    expect(first.pageInfo.startCursor).toBe(first.edges[0]!.cursor);
    const second = toConnection(rows.slice(2), parsePageArgs({ first: 2, after: first.pageInfo.endCursor }), (r) => [r.n, r.id], async () => 4);
    expect(second.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false, startCursor: second.edges[0]!.cursor });
    expect(parsePageArgs({ first: 2, after: second.pageInfo.startCursor }).after).toEqual([3, 'id-3']);
    const empty = toConnection([], parsePageArgs({ first: 2, after: second.pageInfo.endCursor }), (r: { id: string }) => [r.id], async () => 4);
    expect(empty.pageInfo).toEqual({ hasNextPage: false, endCursor: null, hasPreviousPage: true, startCursor: null });
  });

  it('counts once however often totalCount is asked', async () => {
    const count = jest.fn(async () => 7);
    const connection = toConnection(rows, parsePageArgs({ first: 2 }), (r) => [r.id], count);
    await connection.totalCount();
    await connection.totalCount();
    expect(count).toHaveBeenCalledTimes(1);
  });

  it.each([0, -1, 501, 1.5])('refuses first = %p as BAD_USER_INPUT', (first) => {
    expect(() => parsePageArgs({ first })).toThrow(GraphQLError);
    try {
      parsePageArgs({ first });
    } catch (err) {
      expect((err as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses a cursor it did not make', () => {
    expect(() => parsePageArgs({ first: 10, after: 'not-a-cursor' })).toThrow(/not a cursor/);
  });
});

describe('change feed pages', () => {
  const rows = [1, 2, 3].map((n) => ({ changeXid: '900', changeSeq: String(n) }));

  it('say a page resumed after a feed position has rows before it', () => {
    expect(toFeedPage(rows, 2).pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true, startCursor: encodeCursor(['900', '1']) });
    expect(toFeedPage(rows, 5, { xid: '899', seq: '4' }).pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });
});
