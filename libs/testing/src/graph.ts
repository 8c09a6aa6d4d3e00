import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { loadAuthConfig, signUserToken, type AuthConfig, type PrincipalClaims } from '@epg/auth';
import { createServiceDataSource, migrateService, SqlStatementCounter } from '@epg/persistence';
import { createLogger, startSubgraph, SUBGRAPHS, type RunningSubgraph, type SubgraphModule } from '@epg/subgraph-kit';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@epg/gateway';
import { ALL_SUBGRAPHS } from './subgraphs';

export interface InProcessGraphOptions {
  databaseUrl: string;
  /** Load each service's demo data (idempotent). */
  seedDemo?: boolean;
  /** Port per service name and for the gateway; 0 or absent → a free port (tests). */
  ports?: Partial<Record<string, number>> & { gateway?: number };
  host?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface InProcessService {
  module: SubgraphModule;
  dataSource: DataSource;
  /** Counts every SQL statement this service sends. */
  sql: SqlStatementCounter;
  server: RunningSubgraph | null;
}

export interface InProcessGraph {
  gatewayUrl: string;
  auth: AuthConfig;
  services: Map<string, InProcessService>;
  /** Stops one subgraph's server (its database stays): for partial-failure tests. */
  stopSubgraph(name: string): Promise<void>;
  /** Starts a stopped subgraph again on the same port. */
  restartSubgraph(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Every subgraph and the gateway in one process, each service on its own schema of one
 * database, migrated (and seeded on request). The gateway loads the committed supergraph.
 */
export async function startInProcessGraph(options: InProcessGraphOptions): Promise<InProcessGraph> {
  const env = options.env ?? process.env;
  const auth = loadAuthConfig(env);
  const host = options.host ?? '127.0.0.1';
  const baseLogger = options.logger ?? createLogger('graph', env.LOG_LEVEL ?? 'silent');
  const services = new Map<string, InProcessService>();
  const ports = new Map<string, number>();
  let gatewayUrl: string | undefined;

  const startServer = async (service: InProcessService) => {
    service.server = await startSubgraph(service.module, {
      dataSource: service.dataSource,
      auth,
      logger: baseLogger.child({ service: service.module.name }),
      port: ports.get(service.module.name) ?? options.ports?.[service.module.name] ?? 0,
      host,
      gatewayUrl: () => gatewayUrl,
    });
    ports.set(service.module.name, Number(new URL(service.server.url).port));
  };

  try {
    for (const module of ALL_SUBGRAPHS) {
      const sql = new SqlStatementCounter();
      const dataSource = createServiceDataSource({
        service: module.name,
        url: options.databaseUrl,
        entities: module.entities,
        migrations: module.migrations,
        logger: sql,
      });
      await dataSource.initialize();
      const service: InProcessService = { module, dataSource, sql, server: null };
      services.set(module.name, service);
      await migrateService(dataSource);
      if (options.seedDemo && module.seedDemo) await module.seedDemo({ dataSource, logger: baseLogger });
      await startServer(service);
    }
  } catch (err) {
    for (const service of services.values()) {
      await service.server?.stop();
      if (service.dataSource.isInitialized) await service.dataSource.destroy();
    }
    throw err;
  }

  const urls = Object.fromEntries(SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_URL`, services.get(s.name)!.server!.url]));
  const gatewayConfig = loadGatewayConfig({ ...env, ...urls, PORT: String(options.ports?.gateway ?? 0), HOST: host });
  const gateway: RunningGateway = await startGateway(gatewayConfig, auth, baseLogger.child({ service: 'gateway' }));
  gatewayUrl = gateway.url;

  return {
    gatewayUrl: gateway.url,
    auth,
    services,
    stopSubgraph: async (name) => {
      const service = services.get(name);
      await service?.server?.stop();
      if (service) service.server = null;
    },
    restartSubgraph: async (name) => {
      const service = services.get(name);
      if (service && !service.server) await startServer(service);
    },
    stop: async () => {
      await gateway.stop();
      for (const service of services.values()) {
        await service.server?.stop();
        await service.dataSource.destroy();
      }
    },
  };
}

/** Signs a caller token with the graph's development key. */
export function tokenFor(
  auth: AuthConfig,
  principal: Partial<PrincipalClaims> & Pick<PrincipalClaims, 'role' | 'regionCode'>,
  expiresIn = '1h',
): Promise<string> {
  return signUserToken(
    { subject: principal.subject ?? `test-${principal.role.toLowerCase()}`, scopes: principal.scopes ?? [], ...principal },
    auth,
    expiresIn,
  );
}
