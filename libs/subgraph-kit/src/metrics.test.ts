import { ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { createServiceMetrics, metricNamesOf, metricsPortFrom, operationLabelOf, serveMetrics } from './metrics';

/** A data source whose pg pool reports fixed counts (the real pool is read the same way). */
function fakeDataSource(pool: { totalCount: number; idleCount: number; waitingCount: number }): DataSource {
  return { isInitialized: true, driver: { master: pool } } as unknown as DataSource;
}

function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const body = line.slice(metric.length + 1, line.indexOf('}'));
    const has = Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`));
    if (has) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('service metrics', () => {
  it('counts operations, errors by code and latency by operation, and reports the pool', async () => {
    const metrics = createServiceMetrics({
      service: 'unit',
      dataSource: fakeDataSource({ totalCount: 4, idleCount: 3, waitingCount: 1 }),
    });
    const server = new ApolloServer({
      typeDefs: 'type Query { ok: Boolean, boom: Boolean }',
      resolvers: {
        Query: {
          ok: () => true,
          boom: () => {
            throw new Error('boom');
          },
        },
      },
      plugins: [metrics.plugin],
    });
    await server.start();
    try {
      await server.executeOperation({ query: 'query Ok { ok }' });
      await server.executeOperation({ query: 'query Ok { ok }' });
      await server.executeOperation({ query: 'query Boom { boom }' });
      await server.executeOperation({ query: 'query Bad { nope }' });
    } finally {
      await server.stop();
    }
    const text = await metrics.render();
    expect(sample(text, 'epg_graphql_requests_total', { operation: 'Ok', service: 'unit' })).toBe(2);
    expect(sample(text, 'epg_graphql_requests_total', { operation: 'Boom' })).toBe(1);
    expect(sample(text, 'epg_graphql_requests_total', { operation: '(invalid)' })).toBe(1);
    expect(sample(text, 'epg_graphql_errors_total', { code: 'INTERNAL_SERVER_ERROR' })).toBe(1);
    expect(sample(text, 'epg_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(sample(text, 'epg_graphql_request_duration_seconds_count', { operation: 'Ok' })).toBe(2);
    expect(sample(text, 'epg_db_pool_connections', { state: 'total' })).toBe(4);
    expect(sample(text, 'epg_db_pool_connections', { state: 'idle' })).toBe(3);
    expect(sample(text, 'epg_db_pool_connections', { state: 'waiting' })).toBe(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
  });

  it('labels query-plan fetches with the client operation and bounds odd names', () => {
    expect(operationLabelOf('RegionCard__households__0')).toBe('RegionCard');
    expect(operationLabelOf('My__Op__schools__12')).toBe('My__Op');
    expect(operationLabelOf('Plain')).toBe('Plain');
    expect(operationLabelOf(undefined)).toBe('(anonymous)');
    expect(operationLabelOf('x'.repeat(500))).toBe('other');
  });

  it('serves /metrics on a port of its own, METRICS_PORT or the HTTP port + 1000', async () => {
    expect(metricsPortFrom({}, 4001)).toBe(5001);
    expect(metricsPortFrom({ METRICS_PORT: '9464' }, 4001)).toBe(9464);
    expect(metricsPortFrom({}, 0)).toBe(0);
    expect(() => metricsPortFrom({ METRICS_PORT: 'x' }, 4001)).toThrow(/METRICS_PORT/);
    const metrics = createServiceMetrics({ service: 'unit-port', processMetrics: false });
    const listening = await serveMetrics(metrics, 0, '127.0.0.1');
    try {
      expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const response = await fetch(listening.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^# HELP epg_graphql_requests_total/m);
      expect((await fetch(listening.url.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
    } finally {
      await listening.close();
    }
  });

  it('renders only the series named by ?name= (a sampler asking for one gauge), the process collectors left out', async () => {
    expect(metricNamesOf(undefined)).toEqual([]);
    expect(metricNamesOf('epg_db_pool_connections')).toEqual(['epg_db_pool_connections']);
    expect(metricNamesOf(['a', 'b c', { x: 1 }, 'process_cpu_seconds_total'])).toEqual(['a', 'process_cpu_seconds_total']);
    const metrics = createServiceMetrics({
      service: 'unit-named',
      dataSource: fakeDataSource({ totalCount: 5, idleCount: 2, waitingCount: 3 }),
    });
    const listening = await serveMetrics(metrics, 0, '127.0.0.1');
    try {
      const one = await (await fetch(`${listening.url}?name=epg_db_pool_connections`)).text();
      expect(sample(one, 'epg_db_pool_connections', { state: 'waiting' })).toBe(3);
      expect(one).not.toMatch(/epg_graphql_requests_total|process_cpu/);
      const two = await (await fetch(`${listening.url}?name=epg_db_pool_connections&name=process_cpu_seconds_total&name=nope`)).text();
      expect(two).toMatch(/^# TYPE process_cpu_seconds_total/m);
      expect(two).toMatch(/^# TYPE epg_db_pool_connections/m);
      expect(two).not.toMatch(/nope|epg_graphql_requests_total/);
      const all = await (await fetch(listening.url)).text();
      expect(all).toMatch(/^# HELP epg_graphql_requests_total/m);
    } finally {
      await listening.close();
    }
  });
});
