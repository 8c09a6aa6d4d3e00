import { Client } from 'pg';
import { embeddedDatabaseUrl, loadPersistenceConfig, startEmbeddedPostgres } from '@epg/persistence';

export interface TargetDatabase {
  url: string;
  /** Where it came from, for the log. */
  origin: 'DATABASE_URL' | 'embedded (running)' | 'embedded (started)';
  /** Stops the embedded PostgreSQL this process started (no-op otherwise). */
  release(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The database tools work on: `DATABASE_URL`, else the embedded PostgreSQL of `npm start`
 * (reused when it runs, started on its data directory when it does not).
 */
export async function targetDatabase(env: NodeJS.ProcessEnv = process.env): Promise<TargetDatabase> {
  const config = loadPersistenceConfig(env);
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, origin: 'DATABASE_URL', release: async () => undefined };
  const url = embeddedDatabaseUrl(config);
  if (await reachable(url)) return { url, origin: 'embedded (running)', release: async () => undefined };
  const postgres = await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, persistent: true });
  return { url: postgres.url, origin: 'embedded (started)', release: () => postgres.stop() };
}
