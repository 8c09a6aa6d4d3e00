import { randomBytes } from 'node:crypto';
import { startTestPostgres, TEST_PG_ADMIN_URL, TEST_RUN_ID } from '../postgres';

/**
 * Starts one embedded PostgreSQL per jest worker for the test run (unless DATABASE_URL names a
 * server to use) and tells the workers where they are: a worker's test files run one at a time
 * on its own server, so no test file's transactions hold back another's change feeds.
 */
export default async function globalSetup(globalConfig: { maxWorkers?: number }): Promise<void> {
  // The run's database templates are its own (a server given by DATABASE_URL outlives the run).
  process.env[TEST_RUN_ID] = randomBytes(4).toString('hex');
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    process.env[TEST_PG_ADMIN_URL] = url.toString();
    return;
  }
  const workers = Math.max(1, globalConfig.maxWorkers ?? 1);
  const servers = await Promise.all(Array.from({ length: workers }, () => startTestPostgres()));
  process.env[TEST_PG_ADMIN_URL] = servers.map((pg) => pg.adminUrl).join(' ');
  (globalThis as { __EPG_TEST_PG__?: typeof servers }).__EPG_TEST_PG__ = servers;
}
