import { loadGatewayConfig, startGateway, type RunningGateway } from '@epg/gateway';
import { startTestGraph as startGraph } from '@epg/testing';
import { WHOLE_GRAPH, type TestGraph } from '../support';

const REGION = /* GraphQL */ `
  query MetricsRegion($code: String!) {
    region(code: $code) { code name level }
  }
`;

async function scrape(metricsUrl: string): Promise<string> {
  // No token: /metrics is outside authentication (its own port, scraped on the pod network only).
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of one series, found by metric name and a subset of its labels (0 when absent). */
function value(text: string, metric: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const body = line.slice(metric.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('/metrics on the gateway and the subgraphs (their own port)', () => {
  let graph: TestGraph;
  let gateway: RunningGateway;
  let token: string;
  let householdsUrl: string;
  let householdsMetrics: string;

  beforeAll(async () => {
    graph = await startGraph({
      ...WHOLE_GRAPH,
      seedDemo: true,
      startGateway: async (env, auth, logger) => (gateway = await startGateway(loadGatewayConfig(env), auth, logger)),
    });
    token = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    householdsUrl = graph.services.get('households')!.server!.url;
    householdsMetrics = graph.services.get('households')!.server!.metricsUrl;
  });
  afterAll(() => graph?.stop());

  it('counts a GraphQL call on the gateway and on the subgraph it reaches', async () => {
    const gatewayBefore = await scrape(gateway.metricsUrl);
    const householdsBefore = await scrape(householdsMetrics);

    const result = await graph.graphql(REGION, { code: '360323' }, token);
    expect(result.errors).toBeUndefined();

    const gatewayAfter = await scrape(gateway.metricsUrl);
    const householdsAfter = await scrape(householdsMetrics);
    const gw = { service: 'gateway', operation: 'MetricsRegion' };
    const hh = { service: 'households', operation: 'MetricsRegion' };
    expect(value(gatewayAfter, 'epg_graphql_requests_total', gw)).toBe(value(gatewayBefore, 'epg_graphql_requests_total', gw) + 1);
    expect(value(gatewayAfter, 'epg_graphql_request_duration_seconds_count', gw)).toBeGreaterThanOrEqual(1);
    expect(value(gatewayAfter, 'epg_http_requests_total', { service: 'gateway', status: '200' })).toBeGreaterThan(
      value(gatewayBefore, 'epg_http_requests_total', { service: 'gateway', status: '200' }),
    );
    // The gateway's fetch (MetricsRegion__households__0) is labelled with the client's operation name.
    expect(value(householdsAfter, 'epg_graphql_requests_total', hh)).toBe(value(householdsBefore, 'epg_graphql_requests_total', hh) + 1);
    expect(value(householdsAfter, 'epg_graphql_request_duration_seconds_bucket', { ...hh, le: '+Inf' })).toBeGreaterThanOrEqual(1);
  });

  it('reports the database pool and process metrics on a subgraph', async () => {
    const text = await scrape(householdsMetrics);
    expect(text).toMatch(/^epg_db_pool_connections\{state="total",service="households"\} \d+$/m);
    expect(text).toMatch(/^epg_db_pool_connections\{state="idle",service="households"\} \d+$/m);
    expect(text).toMatch(/^epg_db_pool_connections\{state="waiting",service="households"\} \d+$/m);
    expect(value(text, 'epg_db_pool_connections', { state: 'total', service: 'households' })).toBeGreaterThanOrEqual(1);
    // prom-client's process metrics under their standard names.
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^process_cpu_seconds_total \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d+/m);
    expect(text).not.toMatch(/^epg_(process|nodejs)_/m);
  });

  it('counts errors by code and refusals before GraphQL', async () => {
    const before = await scrape(gateway.metricsUrl);
    const refused = await graph.graphql(REGION, { code: '360323' }, null);
    expect(refused.status).toBe(401);
    const invalid = await graph.graphql('query Broken { region(code: "360323") { nope } }', {}, token);
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const after = await scrape(gateway.metricsUrl);
    const http401 = { service: 'gateway', status: '401' };
    expect(value(after, 'epg_http_requests_total', http401)).toBe(value(before, 'epg_http_requests_total', http401) + 1);
    const validation = { service: 'gateway', code: 'GRAPHQL_VALIDATION_FAILED' };
    expect(value(after, 'epg_graphql_errors_total', validation)).toBe(value(before, 'epg_graphql_errors_total', validation) + 1);
  });

  it('a direct call to a subgraph is still refused while /metrics answers', async () => {
    const response = await fetch(householdsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    expect(response.status).toBe(401);
    const text = await scrape(householdsMetrics);
    expect(value(text, 'epg_http_requests_total', { service: 'households', status: '401' })).toBeGreaterThanOrEqual(1);
  });

  it('serves /metrics on its own port only: the GraphQL port does not answer it', async () => {
    for (const [graphqlUrl, metricsUrl] of [
      [graph.gatewayUrl, gateway.metricsUrl],
      [householdsUrl, householdsMetrics],
    ]) {
      expect(new URL(metricsUrl).port).not.toBe(new URL(graphqlUrl).port);
      expect((await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
      // …and the metrics port serves nothing else.
      expect((await fetch(metricsUrl.replace(/\/metrics$/, '/graphql'), { method: 'POST' })).status).toBe(404);
    }
  });
});
