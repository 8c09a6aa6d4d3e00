import { startTestPostgres, TEST_PG_ADMIN_URL } from '../postgres';

/**
 * Starts one embedded PostgreSQL for the test run (unless DATABASE_URL names a server to use)
 * and tells the workers where it is.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    process.env[TEST_PG_ADMIN_URL] = url.toString();
    return;
  }
  const pg = await startTestPostgres();
  process.env[TEST_PG_ADMIN_URL] = pg.adminUrl;
  (globalThis as { __EPG_TEST_PG__?: typeof pg }).__EPG_TEST_PG__ = pg;
}
