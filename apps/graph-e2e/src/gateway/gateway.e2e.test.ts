import { startTestGraph, type TestGraph } from '../support';

const REGION = /* GraphQL */ `
  query Region($code: String!) {
    region(code: $code) { code name level }
  }
`;

describe('gateway → households round trip', () => {
  let graph: TestGraph;
  let countyToken: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    countyToken = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  it('answers a region query through the gateway', async () => {
    const result = await graph.graphql(REGION, { code: '360323' }, countyToken);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ region: { code: '360323', name: '芦溪县', level: 'COUNTY' } });
  });

  it('returns no data without a token', async () => {
    const result = await graph.graphql(REGION, { code: '360323' }, null);
    expect(result.status).toBe(401);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed with another key', async () => {
    const result = await graph.graphql(REGION, { code: '360323' }, `${countyToken.slice(0, -4)}AAAA`);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a region outside the caller scope', async () => {
    const hubei = await graph.token({ role: 'PROVINCE', regionCode: '420000' });
    const result = await graph.graphql(REGION, { code: '360323' }, hubei);
    expect(result.data?.region ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a county officer see the name of its own province', async () => {
    const result = await graph.graphql(REGION, { code: '360000' }, countyToken);
    expect(result.data).toEqual({ region: { code: '360000', name: '江西省', level: 'PROVINCE' } });
  });

  it("answers with its own request id, never the caller's (the caller's is kept apart as clientRequestId)", async () => {
    const response = await fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${countyToken}`, 'x-request-id': 'trace-me-123' },
      body: JSON.stringify({ query: REGION, variables: { code: '360323' } }),
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it.each(['{ region(code: "360323") { name } }', '{ _service { sdl } }', '{ _entities(representations: [{__typename: "Region", code: "360323"}]) { ... on Region { name } } }'])(
    'subgraphs refuse direct calls without the gateway signature: %s',
    async (query) => {
      const url = graph.services.get('households')!.server!.url;
      const userToken = countyToken;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${userToken}` },
        body: JSON.stringify({ query }),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    },
  );

  it('reports a stopped subgraph as SERVICE_UNAVAILABLE without its URL, and recovers', async () => {
    await graph.stopSubgraph('households');
    try {
      const result = await graph.graphql(REGION, { code: '360323' }, countyToken);
      expect(result.status).toBe(200);
      const error = result.errors?.[0];
      expect(error?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(error?.message).toContain('households');
      expect(JSON.stringify(result.errors)).not.toMatch(/127\.0\.0\.1|http:\/\//);
    } finally {
      await graph.restartSubgraph('households');
    }
    const again = await graph.graphql(REGION, { code: '360323' }, countyToken);
    expect(again.data).toEqual({ region: { code: '360323', name: '芦溪县', level: 'COUNTY' } });
  });
});

describe('errors a subgraph raises before running a request', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph({ seedDemo: false });
  });
  afterAll(() => graph?.stop());

  it('reports an impossible Date variable as BAD_USER_INPUT, not as an unavailable service', async () => {
    const token = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const result = await graph.graphql(
      `mutation($on: Date!) { changeHouseholdStatus(householdId: "00000000-0000-4000-8000-000000000000", status: EXITED, on: $on, reason: "x") { id } }`,
      { on: '2020-02-30' },
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('2020-02-30');
  });
});
