import type { ApolloServerPlugin, BaseContext as ApolloBaseContext } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { express, listen, type Listening } from './http';

/**
 * Prometheus metrics, the same names on every subgraph and on the gateway (told apart by the
 * `service` label):
 *
 * - `epg_graphql_requests_total{operation}`            GraphQL operations answered
 * - `epg_graphql_errors_total{code}`                   GraphQL errors by `extensions.code`
 * - `epg_graphql_request_duration_seconds{operation}`  latency histogram by operation name
 * - `epg_http_requests_total{status}`                  HTTP requests on `/graphql` (also those refused
 *                                                      before GraphQL runs: tokens, rate limit, body)
 * - `epg_db_pool_connections{state=total|idle|waiting}` the TypeORM pg pool (subgraphs)
 * - `process_*`, `nodejs_*`                            prom-client's default process metrics, under their
 *                                                      standard names (dashboards and alerts made for
 *                                                      any Node.js service work unchanged)
 *
 * `/metrics` is served on its own port (`serveMetrics`, METRICS_PORT: the HTTP port + 1000 by
 * default), never on the port that serves `/graphql`: the Service/Ingress publishes the HTTP port
 * only, and a NetworkPolicy lets only the monitoring namespace reach the metrics port.
 */
export const METRICS_PATH = '/metrics';

/** Operation names come from callers: at most this many distinct labels, then `other`. */
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
/** The gateway names a subgraph fetch `<client operation>__<subgraph>__<step>`: the client's name is kept. */
const QUERY_PLAN_FETCH = /^(.+)__[a-z][a-z0-9_]*__\d+$/;

/** The `operation` label for an operation name (query-plan fetches reduced to the client's name). */
export function operationLabelOf(name: string | null | undefined): string {
  if (!name) return '(anonymous)';
  const fetch = QUERY_PLAN_FETCH.exec(name);
  const base = fetch ? fetch[1] : name;
  return OPERATION_NAME.test(base) ? base : 'other';
}

let processRegistry: Registry | undefined;

/** Process metrics (CPU, memory, event loop, GC) collected once per process, shared by every server in it. */
function sharedProcessRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface ServiceMetricsOptions {
  /** `households`, …, `gateway`: the `service` label of every series. */
  service: string;
  /** The service's TypeORM data source: its pg pool is reported. */
  dataSource?: DataSource;
  /** Leave out the process metrics (e.g. a second server in the same process). */
  processMetrics?: boolean;
}

export interface ServiceMetrics {
  registry: Registry;
  /** Counts, times and classifies every GraphQL operation. */
  plugin: ApolloServerPlugin<ApolloBaseContext>;
  /** Counts every HTTP request on the path it is mounted on, by status (mount before auth). */
  httpCounter: RequestHandler;
  /** `GET /metrics`: the Prometheus text format. */
  handler: RequestHandler;
  /** The exposition text (the service's series, then the process's). */
  render(): Promise<string>;
}

interface PgPoolLike {
  totalCount?: number;
  idleCount?: number;
  waitingCount?: number;
}

/** The pg pool behind a TypeORM data source (PostgresDriver.master), when there is one. */
export function poolOf(dataSource: DataSource): PgPoolLike | undefined {
  if (!dataSource.isInitialized) return undefined;
  return (dataSource.driver as unknown as { master?: PgPoolLike }).master;
}

export function createServiceMetrics(options: ServiceMetricsOptions): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });

  const requests = new Counter({
    name: 'epg_graphql_requests_total',
    help: 'GraphQL operations answered, by operation name',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'epg_graphql_errors_total',
    help: 'GraphQL errors, by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'epg_graphql_request_duration_seconds',
    help: 'GraphQL operation latency, by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const httpRequests = new Counter({
    name: 'epg_http_requests_total',
    help: 'HTTP requests on /graphql, by status (including those refused before GraphQL runs)',
    labelNames: ['status'] as const,
    registers: [registry],
  });

  const { dataSource } = options;
  if (dataSource) {
    new Gauge({
      name: 'epg_db_pool_connections',
      help: 'The database pool: total and idle connections, clients waiting for one',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const pool = poolOf(dataSource);
        this.set({ state: 'total' }, pool?.totalCount ?? 0);
        this.set({ state: 'idle' }, pool?.idleCount ?? 0);
        this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
      },
    });
  }

  const seenOperations = new Set<string>();
  const operationLabel = (name: string | null | undefined, resolved: boolean): string => {
    if (!resolved) return '(invalid)';
    const label = operationLabelOf(name);
    if (label.startsWith('(') || label === 'other' || seenOperations.has(label)) return label;
    if (seenOperations.size >= MAX_OPERATION_LABELS) return 'other';
    seenOperations.add(label);
    return label;
  };

  const plugin: ApolloServerPlugin<ApolloBaseContext> = {
    async requestDidStart() {
      const end = duration.startTimer();
      let resolved = false;
      return {
        async didResolveOperation() {
          resolved = true;
        },
        async didEncounterErrors({ errors: list }) {
          for (const error of list) {
            const code = error.extensions?.code;
            errors.inc({ code: typeof code === 'string' && code.length <= 64 ? code : 'INTERNAL_SERVER_ERROR' });
          }
        },
        async willSendResponse({ operationName }) {
          const operation = operationLabel(operationName, resolved);
          requests.inc({ operation });
          end({ operation });
        },
      };
    },
  };

  const httpCounter: RequestHandler = (_req: Request, res: Response, next: NextFunction) => {
    res.once('finish', () => httpRequests.inc({ status: String(res.statusCode) }));
    next();
  };

  const withProcess = options.processMetrics ?? true;
  const render = async () => {
    const own = await registry.metrics();
    return withProcess ? own + (await sharedProcessRegistry().metrics()) : own;
  };

  /** Only the named series (`?name=a&name=b`), the service's then the process's; unknown names are left out. */
  const renderNamed = async (names: readonly string[]) => {
    const registries = withProcess ? [registry, sharedProcessRegistry()] : [registry];
    const texts: string[] = [];
    for (const name of names) {
      const owner = registries.find((r) => r.getSingleMetric(name));
      if (owner) texts.push(await owner.getSingleMetricAsString(name));
    }
    return texts.length ? `${texts.join('\n')}\n` : '';
  };

  const handler: RequestHandler = async (req, res, next) => {
    try {
      res.setHeader('content-type', registry.contentType);
      res.setHeader('cache-control', 'no-store');
      const names = metricNamesOf(req.query.name);
      res.end(names.length ? await renderNamed(names) : await render());
    } catch (err) {
      next(err);
    }
  };

  return { registry, plugin, httpCounter, handler, render };
}

/**
 * The `name` query parameters of a metrics request: a scraper that needs one gauge often (a
 * benchmark's pool sampler) asks for it alone instead of every series and the process's collectors.
 */
export function metricNamesOf(query: unknown): string[] {
  const values = Array.isArray(query) ? query : query === undefined ? [] : [query];
  return values.filter((v): v is string => typeof v === 'string' && /^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}$/.test(v));
}

/** The metrics port when METRICS_PORT is not set: the HTTP port + 1000 (any free port when that is 0). */
export function defaultMetricsPort(httpPort: number): number {
  return httpPort === 0 ? 0 : httpPort + 1000;
}

/** Where an env's METRICS_PORT says metrics go (`undefined`: the default for the HTTP port). */
export function metricsPortFrom(env: NodeJS.ProcessEnv, httpPort: number): number {
  const raw = env.METRICS_PORT;
  if (raw === undefined || raw === '') return defaultMetricsPort(httpPort);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`METRICS_PORT must be a port number (got "${raw}")`);
  return port;
}

/** `GET /metrics` on a port of its own (nothing else answers there); `url` is the metrics URL. */
export async function serveMetrics(metrics: ServiceMetrics, port: number, host: string): Promise<Listening> {
  const app = express();
  app.disable('x-powered-by');
  app.get(METRICS_PATH, metrics.handler);
  const listening = await listen(app, port, host);
  return { ...listening, url: listening.url.replace(/\/graphql$/, METRICS_PATH) };
}
