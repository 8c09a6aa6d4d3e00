import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { verifyInternalToken, TokenError, type AuthConfig, type InternalCall } from '@epg/auth';
import { createBaseContext, type BaseContext } from './context';
import type { SubgraphModule } from './subgraph-module';
import { createErrorFormatter } from './errors';
import { DateScalar, DateTimeScalar, FenScalar } from './scalars';
import { createServiceGraph } from './service-graph';
import { guardSchoolStaff } from './school-staff';
import { addHealthRoutes, express, jsonErrorHandler, listen, sendGraphQLError } from './http';
import { runInRequestScope, type RequestScope } from './logger';
import { createServiceMetrics, serveMetrics, type ServiceMetrics } from './metrics';
import { serviceReadiness } from './readiness';

export const INTERNAL_TOKEN_HEADER = 'x-epg-internal-token';
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
  /** Where `/metrics` is served (its own port; 0: any free port). */
  metricsPort?: number;
  bodyLimit?: string;
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
  return buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers }]);
}

/**
 * The one way a subgraph starts: Apollo Server behind express, `/health` and `/ready`,
 * and every GraphQL call (including `_service` and `_entities`) refused unless it carries
 * the gateway's signed internal token. `/metrics` (Prometheus) is on its own port, outside that check: scrape it on
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
  const metricsListening = await serveMetrics(metrics, options.metricsPort ?? 0, options.host ?? '127.0.0.1');
  const server = new ApolloServer<TContext>({
    schema: buildModuleSchema(module),
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    logger,
    // Federated tracing (ftv1) is Apollo Studio's: off, so no subgraph response carries a trace.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: listening.server }), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), metrics.plugin],
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
    express.json({ limit: options.bodyLimit ?? '16mb' }),
    async (req, res, next) => {
      const token = req.header(INTERNAL_TOKEN_HEADER);
      if (!token) return sendGraphQLError(res, 401, 'UNAUTHENTICATED', 'subgraphs accept only calls signed by the gateway');
      try {
        const call = await verifyInternalToken(token, options.auth);
        res.locals.call = call;
        if (call.requestId) (res.locals.scope as RequestScope).requestId = call.requestId;
        return next();
      } catch (err) {
        if (err instanceof TokenError) return sendGraphQLError(res, 401, 'UNAUTHENTICATED', err.message);
        return next(err);
      }
    },
    expressMiddleware(server, {
      context: async ({ res }) => {
        const call = res.locals.call as InternalCall;
        const requestId = call.requestId || (res.locals.scope as RequestScope).requestId;
        const base = createBaseContext({
          principal: call.principal,
          requestId,
          logger: logger.child({ requestId, subject: call.principal.subject }),
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
