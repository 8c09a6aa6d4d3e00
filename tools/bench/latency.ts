import type { BenchContext } from './run';
import { provinceToken, startBenchGraph, warmUp } from './lib/graph';
import { loadTest, type LoadResult } from './lib/load';
import { loadOperations, pickEntities } from './lib/operations';
import { printTable, writeResult } from './lib/report';

const TARGETS: Record<string, { connections: number; p99: number }> = {
  'RegionDashboard(county)': { connections: 8, p99: 150 },
  'HouseholdRoster(first 50)': { connections: 8, p99: 100 },
};

/** Each contract operation at each concurrency against the gateway: p50/p99 and requests/s. */
export async function latency(ctx: BenchContext): Promise<void> {
  const bench = await startBenchGraph();
  try {
    const { graph } = bench;
    const token = await provinceToken(graph);
    const picks = await pickEntities(bench.database.url);
    const results: (LoadResult & { target: string })[] = [];
    for (const op of loadOperations(picks)) {
      await warmUp(graph.gatewayUrl, token, op);
      for (const c of ctx.connections) {
        const r = await loadTest(graph.gatewayUrl, token, op, c, ctx.duration);
        const target = TARGETS[op.name];
        const verdict = target && target.connections === c ? `p99 < ${target.p99} ms: ${r.p99 < target.p99 ? 'met' : 'MISSED'}` : '';
        results.push({ ...r, target: verdict });
        process.stdout.write(`${op.name} c=${c}: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.rps} req/s\n`);
      }
    }
    printTable(`Latency through the gateway (${ctx.duration} s per cell, ms)`, results.map((r) => ({ ...r })));
    writeResult('latency', ctx.command, { picks, duration: ctx.duration, results });
  } finally {
    await bench.stop();
  }
}
