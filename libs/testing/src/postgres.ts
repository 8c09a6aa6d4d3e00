import os from 'node:os';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
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
  const adminUrl = workerAdminUrl();
  const name = freshDatabaseName();
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(adminUrl, name);
}

/** Names the run's templates (set by the jest global setup; the templates of one run are its own). */
export const TEST_RUN_ID = 'EPG_TEST_RUN_ID';

/**
 * A fresh database cloned from the template for `key`, built once per server and run by `build`
 * (given the template's URL; it must close every connection it opened before it resolves) and
 * reused by every later test file with the same key: migrating and seeding every service and
 * filling its projections took ~6 s of each whole-graph test file, a clone takes ~0.1 s.
 *
 * Safe for test files on several workers sharing one server (DATABASE_URL): an advisory lock
 * serialises the builds; a template is built under another name and renamed once complete, so a
 * failed build leaves nothing a later file would clone; it then refuses connections, so nothing
 * can change it or hold a clone back.
 */
export async function createTestDatabaseFrom(key: string, build: (templateUrl: string) => Promise<void>): Promise<string> {
  const adminUrl = workerAdminUrl();
  const template = templateName(key);
  await withClient(adminUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (rowCount) return;
      const building = `${template}_b`;
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${building}"`);
      await build(databaseUrl(adminUrl, building));
      await whileInUse(() => client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`));
      await client.query(`ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS false`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
  const name = freshDatabaseName();
  await withClient(adminUrl, (client) => whileInUse(() => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)));
  return databaseUrl(adminUrl, name);
}

/** The templates of the run `runId` (its global teardown drops them from a server it did not start). */
export function templatePattern(runId: string): string {
  return `tpl_${runId}_%`;
}

function templateName(key: string): string {
  const runId = process.env[TEST_RUN_ID] ?? 'local';
  return `tpl_${runId}_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** This jest worker's server (each worker has its own unless the run was given DATABASE_URL). */
function workerAdminUrl(): string {
  const adminUrls = (process.env[TEST_PG_ADMIN_URL] ?? '').split(' ').filter(Boolean);
  if (!adminUrls.length) throw new Error(`${TEST_PG_ADMIN_URL} is not set: add libs/testing's jest global setup to this project`);
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return adminUrls[(Math.max(worker, 1) - 1) % adminUrls.length]!;
}

function freshDatabaseName(): string {
  return `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One connection to `url` for `work`, closed after it whatever happens. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Retries `statement` while PostgreSQL says the source database is still in use (55006): a
 * connection just closed by the build may take a moment to leave the server.
 */
async function whileInUse<T>(statement: () => Promise<T>, attempts = 50): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
