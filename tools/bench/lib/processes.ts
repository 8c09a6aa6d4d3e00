import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SUBGRAPHS } from '@epg/subgraph-kit';
import { serviceNodeFlags } from './node-flags';

const ROOT = path.resolve(__dirname, '../../..');
const DEFAULT_BASE_PORT = 4100;

export interface ProcessGraph {
  gatewayUrl: string;
  processes: { name: string; child: ChildProcess; url: string }[];
  stop(): Promise<void>;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy`);
}

/**
 * The production topology on one machine: each subgraph and the gateway in a process of its own
 * (`apps/<name>/src/main.ts`), ports 4100–4105 (or `basePort`…+5), on the seeded database.
 */
export async function startProcessGraph(databaseUrl: string, options: { basePort?: number } = {}): Promise<ProcessGraph> {
  const BASE_PORT = options.basePort ?? DEFAULT_BASE_PORT;
  const gatewayUrl = `http://127.0.0.1:${BASE_PORT}/graphql`;
  const common = { ...process.env, DATABASE_URL: databaseUrl, GATEWAY_URL: gatewayUrl, MIGRATE_ON_START: 'false', LOG_LEVEL: 'silent', RATE_LIMIT_REQUESTS: '0', HOST: '127.0.0.1' };
  const urls = Object.fromEntries(SUBGRAPHS.map((s, i) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${BASE_PORT + 1 + i}/graphql`]));
  const processes: ProcessGraph['processes'] = [];
  const start = (name: string, port: number) => {
    const child = spawn(process.execPath, [...serviceNodeFlags(), '--import', 'tsx', path.join(ROOT, 'apps', name, 'src/main.ts')], {
      cwd: ROOT,
      env: { ...common, ...urls, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    processes.push({ name, child, url: `http://127.0.0.1:${port}` });
    return child;
  };
  try {
    for (const [i, s] of SUBGRAPHS.entries()) await waitHealthy(`http://127.0.0.1:${BASE_PORT + 1 + i}/health`, start(s.name, BASE_PORT + 1 + i));
    await waitHealthy(`http://127.0.0.1:${BASE_PORT}/health`, start('gateway', BASE_PORT));
  } catch (err) {
    for (const p of processes) p.child.kill('SIGTERM');
    throw err;
  }
  return {
    gatewayUrl,
    processes,
    stop: async () => {
      await Promise.all(
        processes.map(
          (p) =>
            new Promise<void>((resolve) => {
              if (p.child.exitCode !== null) return resolve();
              p.child.once('exit', () => resolve());
              p.child.kill('SIGTERM');
              setTimeout(() => p.child.kill('SIGKILL'), 5000).unref();
            }),
        ),
      );
    },
  };
}

/** Resident and peak resident memory of a process (Linux /proc). */
export function memoryOf(pid: number): { rssBytes: number; peakRssBytes: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}
