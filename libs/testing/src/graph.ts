import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { loadAuthConfig, signUserToken, type AuthConfig, type PrincipalClaims } from '@epg/auth';
import { createServiceDataSource, migrateService, SqlStatementCounter } from '@epg/persistence';
import { createLogger, createProjectionDataSource, currentRequestScope, createServiceGraph, ProjectionConsumer, startSubgraph, type RunningSubgraph, type SubgraphModule } from '@epg/subgraph-kit';

/**
 * Starts the gateway in front of the running subgraphs. `env` is the caller's environment plus
 * each subgraph's `<NAME>_URL`, `PORT` and `HOST`.
 */
export type GatewayStarter = (env: NodeJS.ProcessEnv, auth: AuthConfig, logger: Logger) => Promise<{ url: string; stop(): Promise<void> }>;

/**
 * What a graph is made of. This library imports no app: the caller supplies the subgraph modules
 * and the gateway (apps/graph-e2e/src/support for the whole-graph tests, tools/lib for the tools).
 */
export interface GraphModules {
  /** Every subgraph module, in composition order (the order of SUBGRAPHS in subgraph-kit). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  subgraphs: readonly SubgraphModule<any>[];
  startGateway: GatewayStarter;
}

export interface InProcessGraphOptions extends GraphModules {
  databaseUrl: string;
  /** Load each service's demo data (idempotent). */
  seedDemo?: boolean;
  /** Port per service name and for the gateway; 0 or absent → a free port (tests). */
  ports?: Partial<Record<string, number>> & { gateway?: number };
  host?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /**
   * Start each service's background projection consumer (as `runService` does), following these
   * regions every `pollMs`. Absent: no consumer runs and projections stay as the test leaves them.
   */
  projections?: { regions: readonly string[]; pollMs?: number };
}

export interface InProcessService {
  module: SubgraphModule;
  dataSource: DataSource;
  /** Counts every SQL statement this service sends. */
  sql: SqlStatementCounter;
  server: RunningSubgraph | null;
  /** Its background projection consumer, when the graph was started with `projections`. */
  projections: ProjectionConsumer | null;
}

export interface InProcessGraph {
  gatewayUrl: string;
  auth: AuthConfig;
  services: Map<string, InProcessService>;
  /** Stops one subgraph's server (its database stays): for partial-failure tests. */
  stopSubgraph(name: string): Promise<void>;
  /** Starts a stopped subgraph again on the same port. */
  restartSubgraph(name: string): Promise<void>;
  /**
   * Resolves when every service's projection consumer has completed a pass started after the call
   * (at once without consumers): a test's barrier before it reads what another service wrote.
   */
  projectionsCaughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The given subgraphs and the gateway in one process, each service on its own schema of one
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
    for (const module of options.subgraphs) {
      // A request's own statements: those serving the projection consumers' feed reads are not counted.
      const sql = new SqlStatementCounter(200, () => currentRequestScope()?.background === true);
      const dataSource = createServiceDataSource({
        service: module.name,
        url: options.databaseUrl,
        entities: module.entities,
        migrations: module.migrations,
        logger: sql,
      });
      await dataSource.initialize();
      const service: InProcessService = { module, dataSource, sql, server: null, projections: null };
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

  const urls = Object.fromEntries([...services.values()].map((s) => [`${s.module.name.toUpperCase()}_URL`, s.server!.url]));
  const gatewayEnv = { ...env, ...urls, PORT: String(options.ports?.gateway ?? 0), HOST: host };
  const gateway = await options.startGateway(gatewayEnv, auth, baseLogger.child({ service: 'gateway' }));
  gatewayUrl = gateway.url;
  if (options.projections) {
    for (const service of services.values()) {
      if (!service.module.projections?.length) continue;
      service.projections = new ProjectionConsumer({
        dataSource: await createProjectionDataSource(service.module.name, options.databaseUrl),
        serviceGraph: createServiceGraph({ service: service.module.name, gatewayUrl: () => gatewayUrl, auth }),
        logger: baseLogger.child({ service: service.module.name }),
        feeds: service.module.projections,
        regions: options.projections.regions,
        pollMs: options.projections.pollMs,
        registry: service.server?.metrics.registry,
      }).start();
    }
  }

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
    projectionsCaughtUp: async () => {
      await Promise.all([...services.values()].map((s) => s.projections?.caughtUp()));
    },
    stop: async () => {
      for (const service of services.values()) {
        await service.projections?.stop();
        await service.projections?.dataSource.destroy();
      }
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
