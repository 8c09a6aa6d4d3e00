import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { AuthConfig } from '@epg/auth';
import { createBaseContext, type BaseContext } from './context';
import type { SubgraphModule } from './subgraph-module';
import { createErrorFormatter } from './errors';
import { DateScalar, DateTimeScalar, FenScalar } from './scalars';
import { createServiceGraph } from './service-graph';
import { guardSchoolStaff } from './school-staff';
import { refuseNulInArguments } from './text-input';
import { addHealthRoutes, express, jsonErrorHandler, listen } from './http';
import { checkInternalToken, internalCallOf, readBoundBody } from './internal-call';
import { runInRequestScope, type RequestScope } from './logger';
import { apolloLogger } from './log-redaction';
import { createServiceMetrics, serveMetrics, type ServiceMetrics } from './metrics';
import { serviceReadiness } from './readiness';

export { INTERNAL_TOKEN_HEADER } from './internal-call';
export const REQUEST_ID_HEADER = 'x-request-id';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface SubgraphServerOptions {
  dataSource: DataSource;
  auth: AuthConfig;
  /** The gateway's URL, for reads of other services' facts (resolved at call time). */
  gatewayUrl: () => string | undefined;
  logger: Logger;
  port: number;
  host?: string;
  limits?: Partial<SubgraphLimits>;
  /** Where `/metrics` is served (its own port; 0: any free port). */
  metricsPort?: number;
}

/** What a subgraph accepts from its one caller, the gateway (defence in depth behind the token). */
export interface SubgraphLimits {
  /**
   * The largest body read. The biggest gateway→subgraph request the benchmarks make is an
   * `_entities` call for a province page's references (a few hundred kB); 2 MB leaves room.
   */
  bodyLimit: string;
  /** Depth and aliases: the gateway's own limits (10 and 15) plus what a query plan adds. */
  maxDepth: number;
  maxAliases: number;
}

export const DEFAULT_SUBGRAPH_LIMITS: SubgraphLimits = { bodyLimit: '2mb', maxDepth: 20, maxAliases: 50 };

/** graphql-armor's depth and alias limits for a subgraph (its other protections are the gateway's). */
function subgraphArmor(limits: SubgraphLimits) {
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases, allowList: [] },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

export interface RunningSubgraph {
  name: string;
  url: string;
  /** Its Prometheus metrics, served at `metricsUrl` (its own port, not the GraphQL one). */
  metrics: ServiceMetrics;
  metricsUrl: string;
  stop(): Promise<void>;
}

/** The subgraph's executable schema: the module's SDL and resolvers plus the shared scalars. */
export function buildModuleSchema<TContext extends BaseContext>(module: SubgraphModule<TContext>) {
  const resolvers = {
    Date: DateScalar,
    DateTime: DateTimeScalar,
    Fen: FenScalar,
    ...guardSchoolStaff(module.resolvers as Record<string, unknown>, module.schoolStaffFields ?? []),
  } as GraphQLResolverMap<unknown>;
  return refuseNulInArguments(buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers }]), module.batchArguments);
}

/**
 * The one way a subgraph starts: Apollo Server behind express, `/health` and `/ready`,
 * and every GraphQL call (including `_service` and `_entities`) refused unless it carries
 * the gateway's internal token signed for this subgraph and this very body (checked on the
 * header before the body is read, then against the body's hash), within the body, depth and
 * alias limits. `/metrics` (Prometheus) is on its own port, outside that check: scrape it on
 * the pod network, never publish it.
 */
export async function startSubgraph<TContext extends BaseContext>(
  module: SubgraphModule<TContext>,
  options: SubgraphServerOptions,
): Promise<RunningSubgraph> {
  const { dataSource, logger } = options;
  const serviceGraph = createServiceGraph({ service: module.name, gatewayUrl: options.gatewayUrl, auth: options.auth });
  const app = express();
  app.disable('x-powered-by');
  addHealthRoutes(app, serviceReadiness(dataSource));
  const metrics = createServiceMetrics({ service: module.name, dataSource });

  const listening = await listen(app, options.port, options.host ?? '127.0.0.1');
  const limits: SubgraphLimits = { ...DEFAULT_SUBGRAPH_LIMITS, ...options.limits };
  const armor = subgraphArmor(limits);
  const metricsListening = await serveMetrics(metrics, options.metricsPort ?? 0, options.host ?? '127.0.0.1');
  const server = new ApolloServer<TContext>({
    schema: buildModuleSchema(module),
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    validationRules: armor.validationRules,
    logger: apolloLogger(logger),
    // Federated tracing (ftv1) is Apollo Studio's: off, so no subgraph response carries a trace.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: listening.server }), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), metrics.plugin, ...armor.plugins],
  });
  await server.start();

  app.use(
    '/graphql',
    metrics.httpCounter,
    // Every log line of this request carries its id (the gateway's, once the token is verified).
    (req, res, next) => {
      const header = req.header(REQUEST_ID_HEADER);
      const scope: RequestScope = { requestId: header && REQUEST_ID.test(header) ? header : randomUUID() };
      res.locals.scope = scope;
      runInRequestScope(scope, next);
    },
    // The token (header) before the body: an unauthenticated caller gets 401 without a byte parsed.
    checkInternalToken(module.name, options.auth),
    (_req, res, next) => {
      const call = internalCallOf(res);
      const scope = res.locals.scope as RequestScope;
      if (call.requestId) scope.requestId = call.requestId;
      if (call.principal.role === 'SERVICE') scope.background = true;
      next();
    },
    ...readBoundBody(limits.bodyLimit),
    expressMiddleware(server, {
      context: async ({ res }) => {
        const call = internalCallOf(res);
        const requestId = call.requestId || (res.locals.scope as RequestScope).requestId;
        const clientRequestId = call.clientRequestId ?? null;
        const base = createBaseContext({
          principal: call.principal,
          requestId,
          clientRequestId,
          logger: logger.child({ requestId, ...(clientRequestId ? { clientRequestId } : {}), subject: call.principal.subject }),
          dataSource,
          serviceGraph,
        });
        return module.extendContext(base);
      },
    }),
  );
  app.use(jsonErrorHandler);

  logger.info({ url: listening.url }, `${module.name} subgraph listening`);
  return {
    name: module.name,
    url: listening.url,
    metrics,
    metricsUrl: metricsListening.url,
    stop: async () => {
      await server.stop();
      await listening.close();
      await metricsListening.close();
    },
  };
}
