import { SchoolEntity } from '@epg/schools';
import { startTestGraph, type TestGraph } from '../support';

/** Relay PageInfo through the gateway: forward-only keyset paging over a connection. */
const SCHOOLS = /* GraphQL */ `
  query Schools($filter: SchoolFilter!, $first: Int!, $after: String) {
    schools(filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
      edges { cursor node { code } }
    }
  }
`;

type Page = {
  schools: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null };
    edges: { cursor: string; node: { code: string } }[];
  };
};

describe('PageInfo of a connection', () => {
  let graph: TestGraph;
  let county: string;
  // A township of its own, so the demo's schools stay out of the pages.
  const filter = { regionCode: '360323198' };

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    await graph.services.get('schools')!.dataSource.getRepository(SchoolEntity).save(
      ['2136032381', '2136032382', '2136032383'].map((code, i) => ({
        code,
        name: `分页测试小学${i + 1}`,
        type: 'PRIMARY',
        ownership: 'PUBLIC',
        regionCode: '360323198',
        inPovertyArea: true,
      })) as SchoolEntity[],
    );
  });
  afterAll(() => graph?.stop());

  it('gives start and end cursors, and hasPreviousPage once a page is read after a cursor', async () => {
    const first = await graph.succeed<Page>(SCHOOLS, { filter, first: 2 }, county);
    expect(first.schools.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: first.schools.edges[0]!.cursor,
      endCursor: first.schools.edges[1]!.cursor,
    });

    const second = await graph.succeed<Page>(SCHOOLS, { filter, first: 2, after: first.schools.pageInfo.endCursor }, county);
    expect(second.schools.edges.map((e) => e.node.code)).toEqual(['2136032383']);
    expect(second.schools.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: second.schools.edges[0]!.cursor,
      endCursor: second.schools.edges[0]!.cursor,
    });

    const past = await graph.succeed<Page>(SCHOOLS, { filter, first: 2, after: second.schools.pageInfo.endCursor }, county);
    expect(past.schools.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});
