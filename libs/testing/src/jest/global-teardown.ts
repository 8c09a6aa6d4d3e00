// Type only (erased): jest runs its globalTeardown without the workspace's moduleNameMapper.
import type { RunningPostgres } from '@epg/persistence';
import { TEST_PG_ADMIN_URL, TEST_RUN_ID, templatePattern, withClient } from '../postgres';

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as { __EPG_TEST_PG__?: RunningPostgres[] }).__EPG_TEST_PG__ ?? [];
  if (servers.length) {
    await Promise.all(servers.map((pg) => pg.stop()));
    return;
  }
  // A server the run did not start (DATABASE_URL) keeps its data: only the run's templates go.
  const runId = process.env[TEST_RUN_ID];
  const adminUrl = process.env[TEST_PG_ADMIN_URL];
  if (!runId || !adminUrl) return;
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ name: string }>('SELECT datname AS name FROM pg_database WHERE datname LIKE $1', [templatePattern(runId)]);
    for (const { name } of rows) await client.query(`DROP DATABASE "${name}" WITH (FORCE)`);
  });
}
