import { RegionDashboardDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

/** The dashboard's fields by owning service (every one of them crosses into another subgraph). */
const FIELDS_BY_SERVICE: Record<string, string[]> = {
  households: ['householdStats'],
  schools: ['educationIndicators'],
  subsidies: ['subsidyStats'],
  teachers: ['teacherStats', 'teacherTrainingCoverage'],
  vocational: ['vocationalIndicators'],
};

/**
 * Partial failure: with any one subgraph stopped, the dashboard still answers every other
 * service's figures and reports the missing ones as SERVICE_UNAVAILABLE (never a subgraph URL);
 * once the subgraph is back the answer is whole again, with no restart of anything else.
 */
describe('one subgraph down at a time', () => {
  let graph: TestGraph;
  let token: string;
  const variables = { code: '360323', academicYear: 2023, cycleStartYear: 2016 };

  beforeAll(async () => {
    graph = await startTestGraph();
    token = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  it.each(Object.keys(FIELDS_BY_SERVICE).filter((s) => s !== 'households'))('%s down, then back', async (service) => {
    const whole = await graph.graphql(RegionDashboardDocument, variables, token);
    expect(whole.errors).toBeUndefined();
    await graph.stopSubgraph(service);
    try {
      const partial = await graph.graphql(RegionDashboardDocument, variables, token);
      expect(partial.status).toBe(200);
      const region = partial.data!.region as Record<string, unknown>;
      for (const [owner, fields] of Object.entries(FIELDS_BY_SERVICE)) {
        for (const field of fields) {
          if (owner === service) expect(region[field]).toBeNull();
          else expect(region[field]).toEqual((whole.data!.region as Record<string, unknown>)[field]);
        }
      }
      expect(partial.errors?.length).toBeGreaterThan(0);
      expect(partial.errors!.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')).toBe(true);
      expect(JSON.stringify(partial.errors)).not.toMatch(/127\.0\.0\.1|localhost|http:/);
    } finally {
      await graph.restartSubgraph(service);
    }
    const again = await graph.graphql(RegionDashboardDocument, variables, token);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(whole.data);
  });

  it('households down: the region itself is unavailable, the request still answers', async () => {
    await graph.stopSubgraph('households');
    try {
      const result = await graph.graphql(RegionDashboardDocument, variables, token);
      expect(result.status).toBe(200);
      expect(result.data?.region ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await graph.restartSubgraph('households');
    }
    const again = await graph.graphql(RegionDashboardDocument, variables, token);
    expect(again.data?.region?.name).toBe('芦溪县');
  });
});
