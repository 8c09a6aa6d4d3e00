import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import type { BenchContext } from './run';
import { startBenchGraph } from './lib/graph';
import { mib, printTable, writeResult } from './lib/report';
import { serviceNodeFlags } from './lib/node-flags';

interface ChildRun {
  run: number;
  seconds: number;
  peakRssBytes: number;
  maxRssBytes: number;
  rssAfterBytes: number;
  result: Record<string, unknown>;
}

/** Forgets the province's subsidies projections and entitlements: the first run starts cold. */
async function resetSubsidies(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const sql of [
      `DELETE FROM subsidies.payment p USING subsidies.entitlement e WHERE p.entitlement_id = e.id AND e.region_code LIKE '42%'`,
      `DELETE FROM subsidies.entitlement WHERE region_code LIKE '42%'`,
      `DELETE FROM subsidies.eligible_line WHERE region_code LIKE '42%'`,
      `DELETE FROM subsidies.coverage_rollup WHERE region_code LIKE '42%'`,
      `DELETE FROM subsidies.coverage_split WHERE region_code LIKE '42%'`,
      `DELETE FROM subsidies.person_fact WHERE village_code LIKE '42%'`,
      `DELETE FROM subsidies.enrolment_fact WHERE school_region_code LIKE '42%'`,
      `DELETE FROM subsidies.projection_state WHERE region_code LIKE '42%'`,
      // FULL: every run starts from compact tables and indexes, not from the last run's dead rows.
      `VACUUM FULL ANALYZE subsidies.entitlement`,
      `VACUUM FULL ANALYZE subsidies.eligible_line`,
      `VACUUM FULL ANALYZE subsidies.person_fact`,
      `VACUUM FULL ANALYZE subsidies.enrolment_fact`,
      // The last run's dirty pages written now, not by the checkpointer during this run.
      `CHECKPOINT`,
    ]) {
      await client.query(sql);
    }
  } finally {
    await client.end();
  }
}

/**
 * computeEntitlements for the whole province in a child process running the subsidies service's
 * code — time and peak RSS: the projections filled from empty (what a freshly deployed service
 * pays once, timed on its own), the first computation of the year, then again with nothing changed.
 */
export async function entitlements(ctx: BenchContext): Promise<void> {
  // ENTITLEMENTS_WARM=1: one run on what is there (no reset, results not written) — for profiling.
  const warm = process.env.ENTITLEMENTS_WARM === '1';
  const bench = await startBenchGraph();
  try {
    if (!warm) await resetSubsidies(bench.database.url);
    // The subsidies service's computation, with the node flags it is deployed with.
    const child = spawn(process.execPath, [...serviceNodeFlags(), '--import', 'tsx', path.resolve(__dirname, 'entitlements-child.ts')], {
      env: { ...process.env, DATABASE_URL: bench.database.url, GATEWAY_URL: bench.graph.gatewayUrl, RUNS: warm ? '1' : '2', FILL_FIRST: warm ? '0' : '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`the entitlement batch failed (exit ${code})`);
    const runs = out.trim().split('\n').map((l) => JSON.parse(l) as ChildRun);
    const label = (r: ChildRun) =>
      warm ? 'warm (no reset)' : r.run === 0 ? 'projection fill (cold: every person and enrolment of the province)' : r.run === 1 ? 'first computation (projections current)' : 'again (nothing changed)';
    const within = (seconds: number, limit: number) => `< ${limit} s: ${seconds < limit ? 'met' : 'MISSED'}`;
    const target = (r: ChildRun) => (r.run === 0 ? '–' : within(r.seconds, r.run === 1 ? 60 : 20));
    const tenths = (seconds: number) => Math.round(seconds * 10) / 10;
    const rows = runs.map((r) => ({
      run: label(r),
      seconds: tenths(r.seconds),
      peakRssMiB: mib(Math.max(r.peakRssBytes, r.maxRssBytes)),
      students: Number(r.result.students ?? 0),
      created: Number(r.result.created ?? 0),
      unchanged: Number(r.result.unchanged ?? 0),
      cancelled: Number(r.result.cancelled ?? 0),
      target: target(r),
    }));
    const fill = runs.findIndex((r) => r.run === 0);
    const first = runs.findIndex((r) => r.run === 1);
    if (fill >= 0 && first >= 0) {
      const cold = runs[fill]!.seconds + runs[first]!.seconds;
      rows.push({ ...rows[first]!, run: 'cold start (fill + first computation)', seconds: tenths(cold), target: within(cold, 60) });
    }
    printTable('computeEntitlements(420000, 2019) in the subsidies process', rows);
    if (!warm) writeResult('entitlements', ctx.command, { runs });
  } finally {
    await bench.stop();
  }
}
