import { parsePrincipal, type Principal } from '@epg/auth';
import { encodeCursor } from '@epg/domain';
import { BULK_FEED_MAX_PAGE_SIZE, latestPerKey, nodesOfFeedRowsPage, parseBulkFeedArgs, toFeedRowsPage } from './projection';

describe('projection pages', () => {
  it('keep the last change of each key, in feed order', () => {
    const page = [
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
      { id: 'a', v: 3 },
    ];
    expect(latestPerKey(page, (n) => n.id)).toEqual([
      { id: 'b', v: 2 },
      { id: 'a', v: 3 },
    ]);
  });
});

describe('bulk feed pages', () => {
  const rows = [
    { id: 'p1', born: '2010-05-01', removed: false, exited: null, at: new Date('2024-01-02T03:04:05.000Z'), changeXid: '900', changeSeq: '1' },
    { id: 'p2', born: '2011-06-02', removed: true, exited: '2019-12-31', at: new Date('2024-01-03T00:00:00.000Z'), changeXid: '900', changeSeq: '2' },
    { id: 'p3', born: '2012-07-03', removed: false, exited: null, at: new Date('2024-01-04T00:00:00.000Z'), changeXid: '901', changeSeq: '1' },
  ];
  const columns = ['id', 'born', 'removed', 'exited', 'at'] as const;
  const service: Principal = parsePrincipal({ subject: 'service:subsidies', role: 'SERVICE', regionCode: '360323', scopes: [] });

  const tuples = rows.map(({ id, born, removed, exited, at }) => [id, born, removed, exited, at.toISOString()]);
  const chunkOf = (page: typeof rows, fetched: number) => ({
    rows: JSON.stringify(tuples.slice(0, page.length)),
    fetched,
    lastXid: page.at(-1)?.changeXid ?? null,
    lastSeq: page.at(-1)?.changeSeq ?? null,
    firstXid: page[0]?.changeXid ?? null,
    firstSeq: page[0]?.changeSeq ?? null,
  });

  it('end where a connection page would, and say whether another follows', () => {
    const page = toFeedRowsPage(chunkOf(rows.slice(0, 2), 3), 2, columns);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(['900', '2']), hasPreviousPage: false, startCursor: encodeCursor(['900', '1']) });
    expect(page.columns).toEqual([...columns]);
    expect(toFeedRowsPage(chunkOf(rows.slice(0, 2), 2), 2, columns).pageInfo.hasNextPage).toBe(false);
    expect(toFeedRowsPage({ rows: '[]', fetched: 0, lastXid: null, lastSeq: null, firstXid: null, firstSeq: null }, 2, columns)).toEqual({
      pageInfo: { hasNextPage: false, endCursor: null, hasPreviousPage: false, startCursor: null },
      columns: [...columns],
      rows: '[]',
    });
  });

  it('say a page read after a cursor has rows before it (forward-only paging)', () => {
    const page = toFeedRowsPage(chunkOf(rows.slice(0, 2), 2), 2, columns, { xid: '899', seq: '7' });
    expect(page.pageInfo.hasPreviousPage).toBe(true);
    expect(page.pageInfo.startCursor).toBe(encodeCursor(['900', '1']));
  });

  it('read back into the nodes a connection page would give, and refuse other columns or ragged rows', () => {
    const page = toFeedRowsPage(chunkOf(rows, 3), 3, columns);
    const read = nodesOfFeedRowsPage<Record<(typeof columns)[number], unknown>>(page, columns);
    expect(read.pageInfo).toEqual({ hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor });
    expect(read.edges.map((e) => e.node)).toEqual(rows.map(({ id, born, removed, exited, at }) => ({ id, born, removed, exited, at: at.toISOString() })));
    expect(() => nodesOfFeedRowsPage(page, ['id', 'born', 'removed', 'at', 'exited'])).toThrow(/columns/);
    expect(() => nodesOfFeedRowsPage({ ...page, rows: '[["p1"]]' }, columns)).toThrow(/match/);
    expect(() => nodesOfFeedRowsPage({ ...page, rows: undefined }, columns)).toThrow();
  });

  it('are for service credentials only, up to the bulk ceiling, with the feed cursors', () => {
    expect(parseBulkFeedArgs(service, { first: BULK_FEED_MAX_PAGE_SIZE, after: encodeCursor(['900', '2']) })).toEqual({
      first: BULK_FEED_MAX_PAGE_SIZE,
      after: { xid: '900', seq: '2' },
    });
    expect(() => parseBulkFeedArgs({ ...service, role: 'PROVINCE' }, { first: 10 })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
    expect(() => parseBulkFeedArgs(service, { first: BULK_FEED_MAX_PAGE_SIZE + 1 })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    expect(() => parseBulkFeedArgs(service, { first: 10, after: 'garbage' })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
});
