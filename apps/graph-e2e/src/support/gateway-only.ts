import { loadAuthConfig, type AuthConfig } from '@epg/auth';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@epg/gateway';
import { createLogger } from '@epg/subgraph-kit';

export interface GatewayOnly extends RunningGateway {
  auth: AuthConfig;
  /** The gateway's origin (http://127.0.0.1:port), for page and asset URLs. */
  origin: string;
}

/**
 * The gateway alone, on a free port, without subgraphs: for tests of its HTTP edge (explorer,
 * CORS, authentication) that never reach a subgraph (`{ __typename }` is answered by the gateway).
 */
export async function startGatewayOnly(env: NodeJS.ProcessEnv = {}): Promise<GatewayOnly> {
  const merged: NodeJS.ProcessEnv = { ...process.env, PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1', ...env };
  const auth = loadAuthConfig(merged);
  const running = await startGateway(loadGatewayConfig(merged), auth, createLogger('gateway', merged.LOG_LEVEL ?? 'silent'));
  return { ...running, auth, origin: new URL(running.url).origin };
}
