import { startTestGraph, type TestGraph } from '../../support';

const FIELDS = 'enrolmentId personId schoolId schoolRegionCode schoolType schoolOwnership academicYear stage grade boarding specialEducation agricultureMajor status changedAt';

type Node = Record<string, unknown>;
interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The enrolment change feed in its bulk form: same changes, same order, same cursors; SERVICE only. */
describe('enrolment change feed in bulk pages', () => {
  let graph: TestGraph;
  let service: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    service = await graph.token({ role: 'SERVICE', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  const connection = async (first: number, after: string | null) => {
    const page = await graph.graphql(
      `query($first: Int!, $after: String) { enrolmentChanges(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${FIELDS} } } } }`,
      { first, after },
      service,
    );
    expect(page.errors).toBeUndefined();
    return (page.data as { enrolmentChanges: Page & { edges: { node: Node }[] } }).enrolmentChanges;
  };
  const bulk = (first: number, after: string | null, token: string) =>
    graph.graphql(
      `query($first: Int!, $after: String) { enrolmentChangeRows(first: $first, after: $after) { pageInfo { hasNextPage endCursor } columns rows } }`,
      { first, after },
      token,
    );
  const rowsOf = async (first: number, after: string | null) => {
    const page = await bulk(first, after, service);
    expect(page.errors).toBeUndefined();
    const p = (page.data as { enrolmentChangeRows: Page & { columns: string[]; rows: string } }).enrolmentChangeRows;
    expect(p.columns).toEqual(FIELDS.split(' '));
    return { ...p, nodes: (JSON.parse(p.rows) as unknown[][]).map((t) => Object.fromEntries(p.columns.map((c, i) => [c, t[i]]))) };
  };

  it('answers the connection feed changes, page for page, with cursors either form continues', async () => {
    const all: Node[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await connection(500, after);
      all.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(all.length).toBeGreaterThan(500);
    const inBulk: Node[] = [];
    after = null;
    for (;;) {
      const page = await rowsOf(400, after);
      inBulk.push(...page.nodes);
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(inBulk).toEqual(all);
    const head = await rowsOf(3, null);
    expect((await connection(2, head.pageInfo.endCursor)).edges.map((e) => e.node)).toEqual(all.slice(3, 5));
  });

  it('refuses anyone but a service credential, and pages larger than the bulk ceiling', async () => {
    const county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    expect((await bulk(10, null, county)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await bulk(10_001, null, service)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
