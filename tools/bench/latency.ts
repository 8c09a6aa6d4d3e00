import os from 'node:os';
import path from 'node:path';
import { loadAuthConfig } from '@epg/auth';
import { tokenFor } from '@epg/testing';
import type { BenchContext } from './run';
import { PROVINCE_OFFICER, warmUp } from './lib/graph';
import { loadTest, type LoadResult } from './lib/load';
import { loadOperations, pickEntities, type Operation } from './lib/operations';
import { printTable, writeResult } from './lib/report';
import { baselineWorktree, copyDatabase, dropDatabase, revParse, serveGraph, type ServedGraph } from './lib/served';
import { measureFreshness, type FreshnessResult } from './lib/freshness';
import { startWaitSampler, type WaitSummary } from './lib/waits';
import { targetDatabase } from '../seed/lib/database';
import { summariseCpuProfiles } from './lib/cpu-profile';

const TARGETS: Record<string, { connections: number; p99: number }> = {
  'RegionDashboard(county)': { connections: 8, p99: 150 },
  'HouseholdRoster(first 50)': { connections: 8, p99: 100 },
};

/** Runs of every cell after its warm-up: a figure is never one lucky run. */
const RUNS = 2;
/*
 * Before an operation's first measured run, a discarded run as long as a measured one, at its
 * highest concurrency: after one request the code is cold (V8 still compiling, the heap still
 * growing), and the first measured run paid for it — its p99 was the higher of the two in every
 * run of session 8, by up to 40%.
 */
const FRESHNESS_TARGET_S = 5;

interface CellRun extends LoadResult {
  code: string;
  run: number;
  ratio: number;
  waits: WaitSummary;
}

/**
 * Each contract operation at each concurrency against the gateway: p50, p99 and p99/p50 and
 * requests/s, each cell run twice after a warm-up (both runs printed). With `--baseline <rev>` the
 * revision's graph runs beside this checkout's — a worktree of it, on a copy of the seeded database
 * (same seed, its own projections), each graph in a process of its own — and the runs of a cell
 * alternate between the two, so both see the same machine. Then the freshness cell: a household
 * registered through each graph, and the seconds until every dependent indicator shows it.
 * With `--profile` each graph process writes a V8 CPU profile (summarised at the end).
 */
export async function latency(ctx: BenchContext): Promise<void> {
  const database = await targetDatabase();
  const commit = revParse('HEAD');
  const cpus = os.cpus().length;
  const picks = await pickEntities(database.url);
  const profileDir = ctx.profile ? path.join(os.tmpdir(), `epg-bench-profile-${Date.now()}`) : undefined;
  const graphs: ServedGraph[] = [];
  let baselineDatabase: string | undefined;
  try {
    if (ctx.baseline) {
      const baseCommit = revParse(ctx.baseline);
      // Both graphs on the same facts: this checkout's consumers fill every projection first (the
      // registered children too, which older code filled only on a dropout scan, so its indicators
      // would be counted over nothing), then the database is copied for the baseline.
      process.stdout.write(`new ${commit}: filling the projections before the copy…\n`);
      await (await serveGraph({ label: 'new', databaseUrl: database.url })).stop();
      process.stdout.write(`baseline ${baseCommit}: copying the seeded database and starting its graph…\n`);
      baselineDatabase = await copyDatabase(database.url, `baseline_${baseCommit.slice(0, 12)}`);
      graphs.push(
        await serveGraph({ label: 'baseline', cwd: baselineWorktree(baseCommit), databaseUrl: baselineDatabase, cpuProfileDir: profileDir && path.join(profileDir, 'baseline') }),
      );
    }
    process.stdout.write(`new ${commit}: starting its graph (its projections catch up first)…\n`);
    graphs.push(await serveGraph({ label: 'new', databaseUrl: database.url, cpuProfileDir: profileDir && path.join(profileDir, 'new') }));
    process.stdout.write(`commit ${commit}, ${cpus} CPUs; graphs: ${graphs.map((g) => `${g.label} ${g.commit.slice(0, 12)}`).join(', ')}\n`);

    const token = await tokenFor(loadAuthConfig(process.env), PROVINCE_OFFICER, '12h');
    const results: CellRun[] = [];
    const operations = loadOperations(picks).filter((op) => !ctx.only || ctx.only.some((prefix) => op.name.startsWith(prefix)));
    for (const op of operations) {
      for (const graph of graphs) await warmUpUnderLoad(graph.gatewayUrl, token, op, Math.max(...ctx.connections), ctx.duration);
      for (const c of ctx.connections) {
        for (let run = 1; run <= RUNS; run++) {
          for (const graph of graphs) {
            const sampler = startWaitSampler(graph.label === 'baseline' ? baselineDatabase! : database.url, graph.metricsUrls);
            const r = await loadTest(graph.gatewayUrl, token, op, c, ctx.duration);
            const waits = await sampler.stop();
            const ratio = r.p50 > 0 ? Math.round((r.p99 / r.p50) * 100) / 100 : 0;
            results.push({ ...r, code: graph.label, run, ratio, waits });
            process.stdout.write(
              `${op.name} c=${c} ${graph.label} run ${run}: p50 ${r.p50} ms, p99 ${r.p99} ms, p99/p50 ${ratio}, ${r.rps} req/s` +
                ` (pg active ${waits.activeBackends}, lock waits ${waits.lockWaits}, pool waiting ${poolWaitingText(waits)})\n`,
            );
            if (ctx.profile) for (const [statement, n] of Object.entries(waits.topStatements)) process.stdout.write(`    ${n} active: ${statement}\n`);
          }
        }
      }
    }
    printTable(
      `Latency through the gateway (${ctx.duration} s per cell, ${RUNS} runs after a warm-up; commit ${commit.slice(0, 12)}, ${cpus} CPUs; ms)`,
      results.map((r) => ({
        operation: r.operation,
        c: r.connections,
        code: r.code,
        run: r.run,
        p50: r.p50,
        p99: r.p99,
        'p99/p50': r.ratio,
        'req/s': r.rps,
        errors: r.errors + r.non2xx,
        'lock waits': r.waits.lockWaits,
        'pool waiting': poolWaitingText(r.waits),
        target: targetVerdict(r),
      })),
    );
    const comparison = ctx.baseline ? compare(results) : [];
    if (comparison.length) printTable('New against baseline (mean of the runs)', comparison);

    const freshness: { code: string; result: FreshnessResult }[] = [];
    const county = await tokenFor(loadAuthConfig(process.env), { subject: 'bench-county-officer', role: 'COUNTY', regionCode: picks.county, scopes: [] }, '1h');
    for (const graph of graphs) {
      const result = await measureFreshness(graph.gatewayUrl, county, picks.village, Date.now() % 1_000_000_000);
      freshness.push({ code: graph.label, result });
    }
    printTable(
      `Freshness: seconds from a household's registration to its showing in each indicator (target < ${FRESHNESS_TARGET_S} s; new code: no read refreshes)`,
      freshness.map(({ code, result }) => ({
        code,
        householdStats: result.householdStats,
        educationIndicators: result.educationIndicators,
        vocationalIndicators: result.vocationalIndicators,
        all: result.all,
        target: result.all !== null && result.all < FRESHNESS_TARGET_S ? 'met' : 'MISSED',
      })),
    );

    for (const graph of graphs.splice(0)) await graph.stop();
    const profiles = profileDir ? summariseCpuProfiles(profileDir) : undefined;
    if (profiles) for (const [label, top] of Object.entries(profiles)) printTable(`CPU profile of the ${label} graph process (self time)`, top);

    writeResult('latency', ctx.command, {
      commit,
      cpus,
      baseline: ctx.baseline ? { rev: ctx.baseline, commit: revParse(ctx.baseline) } : null,
      picks,
      duration: ctx.duration,
      runs: RUNS,
      results,
      comparison,
      freshness,
      profiles,
    });
  } finally {
    for (const graph of graphs) await graph.stop();
    if (baselineDatabase) await dropDatabase(baselineDatabase).catch(() => undefined);
    await database.release();
  }
}

/** Every variant once (an error fails the bench here, not in a measured run), then a discarded run. */
async function warmUpUnderLoad(url: string, token: string, op: Operation, connections: number, seconds: number): Promise<void> {
  await warmUp(url, token, op);
  await loadTest(url, token, op, connections, seconds);
}

function poolWaitingText(waits: WaitSummary): string {
  const busy = Object.entries(waits.poolWaiting).filter(([, v]) => v.max > 0);
  return busy.length ? busy.map(([s, v]) => `${s} ${v.mean}/${v.max}`).join(' ') : '0';
}

function targetVerdict(r: CellRun): string {
  const target = TARGETS[r.operation];
  return target && target.connections === r.connections ? `p99 < ${target.p99}: ${r.p99 < target.p99 ? 'met' : 'MISSED'}` : '';
}

/** Per cell: the mean p50, p99 and p99/p50 of each code's runs, and how many times lower new's p99 is. */
function compare(results: CellRun[]) {
  const cells = new Map<string, CellRun[]>();
  for (const r of results) cells.set(`${r.operation}\n${r.connections}`, [...(cells.get(`${r.operation}\n${r.connections}`) ?? []), r]);
  const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : 0);
  return [...cells.values()].map((runs) => {
    const of = (code: string, f: (r: CellRun) => number) => mean(runs.filter((r) => r.code === code).map(f));
    const baseP99 = of('baseline', (r) => r.p99);
    const newP99 = of('new', (r) => r.p99);
    return {
      operation: runs[0]!.operation,
      c: runs[0]!.connections,
      'baseline p50': of('baseline', (r) => r.p50),
      'baseline p99': baseP99,
      'baseline p99/p50': of('baseline', (r) => r.ratio),
      'new p50': of('new', (r) => r.p50),
      'new p99': newP99,
      'new p99/p50': of('new', (r) => r.ratio),
      'p99 ×lower': newP99 > 0 ? Math.round((baseP99 / newP99) * 100) / 100 : null,
    };
  });
}
