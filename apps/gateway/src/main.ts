import { loadAuthConfig } from '@epg/auth';
import { createLogger } from '@epg/subgraph-kit';
import { loadGatewayConfig } from './config';
import { startGateway } from './gateway';

async function main(): Promise<void> {
  const logger = createLogger('gateway');
  const running = await startGateway(loadGatewayConfig(), loadAuthConfig(), logger);
  const shutdown = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
