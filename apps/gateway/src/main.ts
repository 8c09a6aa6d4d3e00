// Tracing first (off unless OTEL_TRACES_EXPORTER is set): it must patch http, express, graphql
// and undici (fetch to the subgraphs) before they load, so the gateway is required afterwards.
import { shutdownTracing, startTracing } from '@epg/subgraph-kit/tracing';

startTracing('gateway');

/* eslint-disable @typescript-eslint/no-require-imports */
const { loadAuthConfig } = require('@epg/auth') as typeof import('@epg/auth');
const { createLogger } = require('@epg/subgraph-kit') as typeof import('@epg/subgraph-kit');
const { loadGatewayConfig } = require('./config') as typeof import('./config');
const { startGateway } = require('./gateway') as typeof import('./gateway');
/* eslint-enable @typescript-eslint/no-require-imports */

async function main(): Promise<void> {
  const logger = createLogger('gateway');
  const running = await startGateway(loadGatewayConfig(), loadAuthConfig(), logger);
  const shutdown = async () => {
    await running.stop();
    await shutdownTracing();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
