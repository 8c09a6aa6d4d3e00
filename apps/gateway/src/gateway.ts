import fs from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { Logger } from 'pino';
import type { AuthConfig } from '@epg/auth';
import {
  createServiceMetrics,
  express,
  jsonErrorHandler,
  listen,
  defaultMetricsPort,
  serveMetrics,
  REQUEST_ID_HEADER,
  runInRequestScope,
  type ServiceMetrics,
} from '@epg/subgraph-kit';
import { createArmor } from './armor';
import { authenticateRequests, authOutcome } from './authenticate';
import { limitBatches } from './batch-limit';
import type { GatewayConfig } from './config';
import { clientRequestIdFrom, createGatewayContext, newRequestId, type GatewayContext } from './context';
import { corsForOrigins } from './cors';
import { createGatewayErrorFormatter } from './error-masking';
import { EXPLORER_ASSET_PATH, explorer } from './explorer';
import { apolloLogger, redactingLogger } from './log-redaction';
import { createRateLimiter } from './rate-limit';
import { requestLogPlugin } from './request-log';
import { SubgraphDataSource } from './subgraph-data-source';
import { SubgraphTransport } from './subgraph-transport';
import { TrustedDocumentStore } from './trusted-document-store';
import { TrustedDocumentManifest } from './trusted-documents';
import { trustedDocumentsGuard } from './trusted-documents-guard';
import { SupergraphSource } from './supergraph-source';

export interface RunningGateway {
  url: string;
  /** Its Prometheus metrics, served at `metricsUrl`: its own port, outside authentication (never publish it). */
  metrics: ServiceMetrics;
  metricsUrl: string;
  stop(): Promise<void>;
}

/**
 * The gateway: serves the supergraph of SUPERGRAPH_PATH or SUPERGRAPH_URL (no run-time
 * introspection or composition), swapping in a new one when it loads and keeps the contract,
 * verifies callers, signs one internal token per request and forwards it to each subgraph.
 *
 * In front of GraphQL, in order: authentication (the principal keys what follows), the
 * per-principal rate limit, the body size limit, the batch limit and the trusted-documents
 * check; inside GraphQL: depth, alias, directive, token and cost limits (graphql-armor).
 * Before all of them the request gets its id, which every log line written while serving it
 * carries. `/metrics` (Prometheus) is on its own port, outside authentication: scrape it on the pod network only.
 */
export async function startGateway(config: GatewayConfig, auth: AuthConfig, baseLogger: Logger): Promise<RunningGateway> {
  const logger = redactingLogger(baseLogger);
  const metrics = createServiceMetrics({ service: 'gateway' });
  const trustedDocuments =
    config.TRUSTED_DOCUMENTS === 'off' && !fs.existsSync(config.TRUSTED_DOCUMENTS_DIR)
      ? undefined
      : new TrustedDocumentStore({
          dir: config.TRUSTED_DOCUMENTS_DIR,
          maxTokens: config.MAX_TOKENS,
          pollMs: config.TRUSTED_DOCUMENTS_POLL_SECONDS * 1000,
          logger,
          registry: metrics.registry,
        });
  const noDocuments = new TrustedDocumentManifest([]);
  const allowList = () => trustedDocuments?.current() ?? noDocuments;
  // The supergraph must keep answering the allow-list as loaded at start (the contract among it).
  const manifest = allowList();
  const transport = new SubgraphTransport({ timeoutMs: config.SUBGRAPH_TIMEOUT_MS, connectionsPerSubgraph: config.SUBGRAPH_CONNECTIONS });
  // Read from SUPERGRAPH_PATH or SUPERGRAPH_URL and hot-swapped when a valid new one appears.
  const supergraph = new SupergraphSource({
    path: config.SUPERGRAPH_PATH,
    url: config.SUPERGRAPH_URL,
    pollMs: config.SUPERGRAPH_POLL_SECONDS * 1000,
    contract: manifest.documents(),
    logger,
    registry: metrics.registry,
  });
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph,
    logger: apolloLogger(logger),
    buildService: ({ name, url }) =>
      new SubgraphDataSource(name, config.subgraphUrls[name] ?? url ?? '', { transport, shareInflight: config.SHARE_INFLIGHT_QUERIES }),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  let ready = false;
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', (_req, res) => {
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'starting' });
  });

  const listening = await listen(app, config.PORT, config.HOST);
  const metricsListening = await serveMetrics(metrics, config.METRICS_PORT ?? defaultMetricsPort(config.PORT), config.HOST);
  const development = config.NODE_ENV !== 'production';
  const armor = createArmor(config);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    logger: apolloLogger(logger),
    // The explorer needs the schema; callers still need a token (the context refuses anonymous calls).
    introspection: development || config.EXPLORER,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: config.MAX_BATCH_SIZE > 1,
    validationRules: armor.validationRules,
    parseOptions: armor.parseOptions,
    formatError: createGatewayErrorFormatter(logger, { hideSuggestions: config.BLOCK_FIELD_SUGGESTIONS }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: listening.server }),
      // No cache hints in this graph: skip Apollo's per-field cache-control bookkeeping.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing page loads from Apollo's CDN with telemetry: ours is self-hosted (./explorer).
      ApolloServerPluginLandingPageDisabled(),
      metrics.plugin,
      requestLogPlugin(),
      ...armor.plugins,
    ],
  });
  await server.start();

  const rateLimiter = createRateLimiter({
    requests: config.RATE_LIMIT_REQUESTS,
    serviceRequests: config.RATE_LIMIT_SERVICE_REQUESTS,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
  });
  // Before authentication: a preflight carries no token.
  app.use('/graphql', corsForOrigins(config.CORS_ORIGINS));
  if (config.EXPLORER) {
    const explorerRoutes = explorer({ endpoint: '/graphql' });
    app.use(EXPLORER_ASSET_PATH, explorerRoutes.assets);
    app.use('/graphql', explorerRoutes.page);
  }
  app.use(
    '/graphql',
    metrics.httpCounter,
    (req, res, next) => {
      // Ours for every request; the caller's own id is kept apart (clientRequestId), never adopted.
      const requestId = newRequestId();
      const clientRequestId = clientRequestIdFrom(req.header(REQUEST_ID_HEADER));
      res.locals.requestId = requestId;
      res.locals.clientRequestId = clientRequestId;
      res.setHeader(REQUEST_ID_HEADER, requestId);
      runInRequestScope({ requestId, clientRequestId }, next);
    },
    authenticateRequests(auth),
    rateLimiter.perRequest,
    express.json({ limit: config.BODY_LIMIT }),
    limitBatches(config.MAX_BATCH_SIZE),
    rateLimiter.perBatchedOperation,
    trustedDocumentsGuard(allowList, config.TRUSTED_DOCUMENTS),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const requestId = (res.locals.requestId as string | undefined) ?? newRequestId();
        const clientRequestId = (res.locals.clientRequestId as string | null | undefined) ?? clientRequestIdFrom(req.header(REQUEST_ID_HEADER));
        return createGatewayContext(authOutcome(res), { requestId, clientRequestId }, auth, logger);
      },
    }),
  );
  app.use(jsonErrorHandler);
  trustedDocuments?.start();
  ready = true;
  logger.info(
    { url: listening.url, trustedDocuments: config.TRUSTED_DOCUMENTS, allowListed: manifest.size, explorer: config.EXPLORER, corsOrigins: config.CORS_ORIGINS },
    'gateway listening',
  );
  return {
    url: listening.url,
    metrics,
    metricsUrl: metricsListening.url,
    stop: async () => {
      trustedDocuments?.stop();
      await server.stop();
      await listening.close();
      await metricsListening.close();
      await transport.close();
    },
  };
}
