import { GraphQLError } from 'graphql';
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
    expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: connection.edges[1]!.cursor });
    expect(toConnection([], parsePageArgs({ first: 3 }), (r: { id: string }) => [r.id], async () => 0).pageInfo.endCursor).toBeNull();
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
