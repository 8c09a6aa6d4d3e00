/**
 * The whole graph in a process of its own, for the latency benchmark's side-by-side runs: started
 * by `served.ts` with the checkout's own tsx in the checkout's directory (the current one, or a
 * worktree of `--baseline <rev>`), so the code under test is that checkout's. It is copied into a
 * baseline worktree as it is, so it uses only what every revision of the graph offers:
 * `startInProcessGraph` and `WHOLE_GRAPH` (options a revision does not know are ignored).
 *
 * env: BENCH_DATABASE_URL (required), BENCH_PROJECTION_REGIONS (default 420000).
 * Prints one JSON line `{ gatewayUrl, metricsUrls }` once it serves; stops on SIGTERM.
 */
import { startInProcessGraph } from '@epg/testing';
import { WHOLE_GRAPH } from '../../lib/graph';

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) throw new Error('set BENCH_DATABASE_URL');
  const options = {
    ...WHOLE_GRAPH,
    databaseUrl,
    env: { ...process.env, RATE_LIMIT_REQUESTS: '0', LOG_LEVEL: 'silent' },
    // Read by revisions with background projection consumers; ignored by older ones.
    projections: { regions: (process.env.BENCH_PROJECTION_REGIONS ?? '420000').split(',') },
  };
  const graph = await startInProcessGraph(options as Parameters<typeof startInProcessGraph>[0]);
  const caughtUp = (graph as { projectionsCaughtUp?: () => Promise<void> }).projectionsCaughtUp;
  if (caughtUp) await caughtUp.call(graph);
  const metricsUrls = Object.fromEntries(
    [...graph.services.values()].map((s) => [s.module.name, (s.server as { metricsUrl?: string } | null)?.metricsUrl ?? null]),
  );
  process.stdout.write(`${JSON.stringify({ gatewayUrl: graph.gatewayUrl, metricsUrls })}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // At most 10 s for a graceful stop: the exit writes the CPU profile (--cpu-prof) either way.
    await Promise.race([graph.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
