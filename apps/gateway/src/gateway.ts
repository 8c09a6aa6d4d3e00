import fs from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { Logger } from 'pino';
import type { AuthConfig } from '@epg/auth';
import { express, jsonErrorHandler, listen, REQUEST_ID_HEADER } from '@epg/subgraph-kit';
import type { GatewayConfig } from './config';
import { createGatewayContext, type GatewayContext } from './context';
import { createGatewayErrorFormatter } from './error-masking';
import { SubgraphDataSource } from './subgraph-data-source';

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * The gateway: loads the committed supergraph (no run-time introspection or composition),
 * verifies callers, signs one internal token per request and forwards it to each subgraph.
 */
export async function startGateway(config: GatewayConfig, auth: AuthConfig, logger: Logger): Promise<RunningGateway> {
  const supergraphSdl = fs.readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService: ({ name, url }) =>
      new SubgraphDataSource(name, config.subgraphUrls[name] ?? url ?? '', config.SUBGRAPH_TIMEOUT_MS),
  });

  const app = express();
  app.disable('x-powered-by');
  let ready = false;
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', (_req, res) => {
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'starting' });
  });

  const listening = await listen(app, config.PORT, config.HOST);
  const development = config.NODE_ENV !== 'production';
  const server = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    introspection: development,
    includeStacktraceInErrorResponses: false,
    formatError: createGatewayErrorFormatter(logger),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: listening.server })],
  });
  await server.start();

  app.use(
    '/graphql',
    express.json({ limit: config.BODY_LIMIT }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const context = await createGatewayContext(
          { authorization: req.header('authorization'), requestId: req.header(REQUEST_ID_HEADER) },
          auth,
          logger,
        );
        res.setHeader(REQUEST_ID_HEADER, context.requestId);
        return context;
      },
    }),
  );
  app.use(jsonErrorHandler);
  ready = true;
  logger.info({ url: listening.url }, 'gateway listening');
  return {
    url: listening.url,
    stop: async () => {
      await server.stop();
      await listening.close();
    },
  };
}
