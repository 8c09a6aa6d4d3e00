import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
// Relative on purpose: jest runs globalSetup without the workspace's moduleNameMapper, so the
// `@epg/persistence` alias does not resolve here. The one relative import across projects.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbeddedPostgres, type RunningPostgres } from '../../persistence/src/embedded';
import { freePort } from './ports';

/** The admin URL of the run's PostgreSQL, or of each worker's (space-separated, worker 1 first). */
export const TEST_PG_ADMIN_URL = 'EPG_TEST_PG_ADMIN_URL';

/** A throw-away embedded PostgreSQL for a test run, one per jest worker (jest globalSetup). */
export async function startTestPostgres(): Promise<RunningPostgres> {
  const port = await freePort();
  return startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `epg-test-pg-${process.pid}-${port}`),
    port,
    persistent: false,
  });
}

/**
 * A fresh, empty database on this jest worker's PostgreSQL (or on DATABASE_URL's server when the
 * run was given one): each test file gets its own, so parallel files never share rows. Each
 * worker has a server of its own because a change feed reads only below `pg_snapshot_xmin`, which
 * is cluster-wide: a long transaction of one test file would hold back another file's feeds.
 */
export async function createTestDatabase(): Promise<string> {
  const adminUrls = (process.env[TEST_PG_ADMIN_URL] ?? '').split(' ').filter(Boolean);
  if (!adminUrls.length) throw new Error(`${TEST_PG_ADMIN_URL} is not set: add libs/testing's jest global setup to this project`);
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const adminUrl = adminUrls[(Math.max(worker, 1) - 1) % adminUrls.length]!;
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
