import { demoTeachersData } from '@epg/demo';
import { startTestGraph, type TestGraph } from '../../support';

/** Issue 21 (lists): teachers by post type (特岗, 定向, 支教…) in a region, through `teachers(postType:)`. */
const LIST = `query($code: String!, $postType: TeacherPostType, $first: Int!, $after: String) {
  teachers(regionCode: $code, postType: $postType, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id postType } } }
}`;

type Page = { teachers: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; postType: string } }[] } };

describe('teachers by post type', () => {
  let graph: TestGraph;
  let county: string;
  const data = demoTeachersData();

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  it('lists the county’s 特岗 and 定向 teachers, every page of the one type', async () => {
    for (const postType of ['SPECIAL_POST', 'DIRECTED'] as const) {
      const expected = data.teachers.filter((t) => t.postType === postType).map((t) => t.id).sort();
      expect(expected.length).toBeGreaterThan(0);
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Page = await graph.succeed<Page>(LIST, { code: '360323', postType, first: 50, after }, county);
        expect(page.teachers.totalCount).toBe(expected.length);
        for (const edge of page.teachers.edges) {
          expect(edge.node.postType).toBe(postType);
          ids.push(edge.node.id);
        }
        if (!page.teachers.pageInfo.hasNextPage) break;
        after = page.teachers.pageInfo.endCursor;
      }
      expect(ids.sort()).toEqual(expected);
    }
  });

  it('lists every type without the filter, and refuses an unknown type', async () => {
    const all = await graph.succeed<Page>(LIST, { code: '360323', first: 1 }, county);
    expect(all.teachers.totalCount).toBe(data.teachers.length);
    const unknown = await graph.graphql(LIST, { code: '360323', postType: 'ASTRONAUT', first: 1 }, county);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
