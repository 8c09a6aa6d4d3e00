// Type only (erased): jest runs its globalTeardown without the workspace's moduleNameMapper.
import type { RunningPostgres } from '@epg/persistence';

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as { __EPG_TEST_PG__?: RunningPostgres[] }).__EPG_TEST_PG__ ?? [];
  await Promise.all(servers.map((pg) => pg.stop()));
}
