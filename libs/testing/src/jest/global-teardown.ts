import type { RunningPostgres } from '../../../persistence/src/embedded';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __EPG_TEST_PG__?: RunningPostgres }).__EPG_TEST_PG__;
  if (pg) await pg.stop();
}
