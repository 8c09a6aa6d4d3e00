import { z } from 'zod';
import { loadAuthConfig } from '@epg/auth';
import { createServiceDataSource, loadPersistenceConfig, migrateService, serviceDatabaseUrl } from '@epg/persistence';
import type { BaseContext } from './context';
import type { SubgraphModule } from './subgraph-module';
import { createLogger } from './logger';
import { RedactedQueryLogger } from './query-log';
import { metricsPortFrom } from './metrics';
import { DEFAULT_SUBGRAPH_LIMITS, startSubgraph } from './server';
import { SUBGRAPHS } from './topology';
import { shutdownTracing } from './tracing';
import { createProjectionDataSource, DEFAULT_PROJECTION_POLL_MS, DEFAULT_PROJECTION_REGIONS, ProjectionConsumer } from './projection-consumer';
import { createServiceGraph } from './service-graph';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const serviceEnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MIGRATE_ON_START: flag.default(true),
  SEED_DEMO: flag.default(false),
  /** Where batch jobs read other services' facts. */
  GATEWAY_URL: z.string().url().default('http://127.0.0.1:4000/graphql'),
  /** The largest body a subgraph reads (after the internal token is checked). */
  SUBGRAPH_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'a size like 2mb').default(DEFAULT_SUBGRAPH_LIMITS.bodyLimit),
  /** The subgraph's own depth and alias limits (above anything a gateway query plan needs). */
  SUBGRAPH_MAX_DEPTH: z.coerce.number().int().min(1).max(1000).default(DEFAULT_SUBGRAPH_LIMITS.maxDepth),
  /**
   * Regions whose projections the background consumer follows (comma-separated, provinces): the
   * demo's and the province seed's by default. Provinces of regions already in projection_state
   * are followed too.
   */
  PROJECTION_REGIONS: z
    .string()
    .default(DEFAULT_PROJECTION_REGIONS.join(','))
    .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{6}$/, 'a 6-digit region code'))),
  /** Time between two passes of the projection consumer (ms). */
  PROJECTION_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(DEFAULT_PROJECTION_POLL_MS),
  SUBGRAPH_MAX_ALIASES: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_SUBGRAPH_LIMITS.maxAliases),
});

/**
 * A service process (`apps/<name>/src/main.ts`): validated configuration, its own database
 * or schema, migrations, optional demo data, the subgraph server, graceful shutdown.
 * Tracing is started earlier, by `main.ts` (`startTracing`), before http/express/graphql/pg load.
 */
export async function runService<TContext extends BaseContext>(module: SubgraphModule<TContext>, env: NodeJS.ProcessEnv = process.env) {
  const logger = createLogger(module.name);
  const parsed = serviceEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const config = parsed.data;
  const auth = loadAuthConfig(env);
  const persistence = loadPersistenceConfig(env);
  const url = serviceDatabaseUrl(module.name, env);
  if (!url) throw new Error(`set DATABASE_URL (or ${module.name.toUpperCase()}_DATABASE_URL) to run ${module.name} on its own`);

  const dataSource = createServiceDataSource({
    service: module.name,
    url,
    entities: module.entities,
    migrations: module.migrations,
    poolSize: persistence.DB_POOL_SIZE,
    logger: new RedactedQueryLogger(logger),
  });
  await dataSource.initialize();
  if (config.MIGRATE_ON_START) {
    const applied = await migrateService(dataSource);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  if (config.SEED_DEMO && module.seedDemo) await module.seedDemo({ dataSource, logger });

  const defaultPort = SUBGRAPHS.find((s) => s.name === module.name)?.port ?? 0;
  const port = config.PORT ?? defaultPort;
  const running = await startSubgraph(module, {
    dataSource,
    auth,
    logger,
    port,
    metricsPort: metricsPortFrom(env, port),
    host: config.HOST,
    gatewayUrl: () => config.GATEWAY_URL,
    limits: { bodyLimit: config.SUBGRAPH_BODY_LIMIT, maxDepth: config.SUBGRAPH_MAX_DEPTH, maxAliases: config.SUBGRAPH_MAX_ALIASES },
  });

  // Projections are kept fresh in the background, never by reads (see projection-consumer.ts).
  // Its own small pool: a catch-up never holds a connection a request waits for.
  const projectionDataSource = await createProjectionDataSource(module.name, url);
  const projections = new ProjectionConsumer({
    dataSource: projectionDataSource,
    serviceGraph: createServiceGraph({ service: module.name, gatewayUrl: () => config.GATEWAY_URL, auth }),
    logger,
    feeds: module.projections ?? [],
    regions: config.PROJECTION_REGIONS,
    pollMs: config.PROJECTION_POLL_MS,
    registry: running.metrics.registry,
  }).start();

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await projections.stop();
    await projectionDataSource.destroy();
    await running.stop();
    await dataSource.destroy();
    await shutdownTracing();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return running;
}
