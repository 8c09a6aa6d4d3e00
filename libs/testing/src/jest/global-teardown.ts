// Type only (erased): jest runs its globalTeardown without the workspace's moduleNameMapper.
import type { RunningPostgres } from '@epg/persistence';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __EPG_TEST_PG__?: RunningPostgres }).__EPG_TEST_PG__;
  if (pg) await pg.stop();
}
