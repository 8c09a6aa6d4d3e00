import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { serviceNodeFlags } from './node-flags';

/** A checkout's graph served by a process of its own (see serve-graph.ts). */
export interface ServedGraph {
  /** `new` (this checkout) or `baseline`. */
  label: string;
  /** The commit it runs (git rev-parse). */
  commit: string;
  gatewayUrl: string;
  /** Each subgraph's metrics URL (null where the revision does not serve one). */
  metricsUrls: Record<string, string | null>;
  /** Its process id (profiles are named after it). */
  pid: number;
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SERVE_SCRIPT = path.join(__dirname, 'serve-graph.ts');

/** `git rev-parse <rev>` in this checkout. */
export function revParse(rev: string, cwd = REPO_ROOT): string {
  return execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd, encoding: 'utf8' }).trim();
}

/**
 * The tree of `commit` (`git archive`, reused across runs; the repository's worktrees and branches
 * are left alone) with this checkout's node_modules, and this checkout's serve script copied in
 * (the revision's own code is what it starts).
 */
export function baselineWorktree(commit: string): string {
  const dir = path.join(os.tmpdir(), `epg-bench-baseline-${commit.slice(0, 12)}`);
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive --format=tar ${commit} | tar -x -C "${dir}"`], { cwd: REPO_ROOT, stdio: 'ignore' });
    fs.writeFileSync(path.join(dir, '.commit'), `${commit}\n`);
  }
  const modules = path.join(dir, 'node_modules');
  if (!fs.existsSync(modules)) fs.symlinkSync(fs.realpathSync(path.join(REPO_ROOT, 'node_modules')), modules);
  fs.copyFileSync(SERVE_SCRIPT, path.join(dir, 'tools/bench/lib/serve-graph.ts'));
  return dir;
}

/**
 * A copy of the seeded database for the baseline (`CREATE DATABASE … TEMPLATE`): the same seed,
 * its own projections and cursors. Made again on every run (nothing may be connected to the source).
 */
export async function copyDatabase(sourceUrl: string, suffix: string): Promise<string> {
  const source = new URL(sourceUrl);
  const name = source.pathname.slice(1);
  const copy = `${name}_${suffix}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const admin = new URL(sourceUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${copy}" TEMPLATE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(sourceUrl);
  url.pathname = `/${copy}`;
  return url.toString();
}

/** Drops a database made by `copyDatabase`. */
export async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface ServeOptions {
  label: string;
  /** The checkout whose code runs (this one by default). */
  cwd?: string;
  databaseUrl: string;
  /** Write a V8 CPU profile of the graph process into this directory when it stops. */
  cpuProfileDir?: string;
}

/** Starts a checkout's graph in a child process and waits until it serves. */
export async function serveGraph(options: ServeOptions): Promise<ServedGraph> {
  const cwd = options.cwd ?? REPO_ROOT;
  const archived = path.join(cwd, '.commit');
  const commit = fs.existsSync(archived) ? fs.readFileSync(archived, 'utf8').trim() : revParse('HEAD', cwd);
  const script = path.join(cwd, 'tools/bench/lib/serve-graph.ts');
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  if (options.cpuProfileDir) fs.mkdirSync(options.cpuProfileDir, { recursive: true });
  // node itself (tsx as its loader), so that node's own flags (--cpu-prof) apply to the graph.
  // The deployed processes' node flags, for the old revision too: both graphs run alike.
  const child: ChildProcess = spawn(process.execPath, [...serviceNodeFlags(), ...profile, '--import', 'tsx', script], {
    cwd,
    env: { ...process.env, BENCH_DATABASE_URL: options.databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<{ gatewayUrl: string; metricsUrls: Record<string, string | null> }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch (err) {
        reject(err);
      }
    });
    void exited.then((code) => reject(new Error(`the ${options.label} graph exited (${code}) before serving`)));
  });
  return {
    label: options.label,
    commit,
    pid: child.pid!,
    ...ready,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
