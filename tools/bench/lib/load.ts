import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Operation } from './operations';

const run = promisify(execFile);
const LOAD_CHILD = path.resolve(__dirname, 'load-child.cjs');

export interface LoadResult {
  operation: string;
  connections: number;
  p50: number;
  p99: number;
  mean: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/**
 * Drives `url` with autocannon in a child process (so the load generator does not share the
 * graph's event loop): POST of the operation, `connections` at once, for `duration` seconds.
 * An operation with variants sends each connection through all of them in turn (different
 * regions, so no two requests in flight are alike); otherwise every request is the same.
 */
export async function loadTest(url: string, token: string, op: Operation, connections: number, duration: number): Promise<LoadResult> {
  const bodies = (op.variants ?? [op.variables]).map((variables) => JSON.stringify({ query: op.query, variables }));
  const bodiesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'epg-load-')), 'bodies.json');
  fs.writeFileSync(bodiesFile, JSON.stringify(bodies));
  const { stdout } = await run(process.execPath, [LOAD_CHILD, url, token, String(connections), String(duration), bodiesFile], {
    maxBuffer: 64 * 1024 * 1024,
  }).finally(() => fs.rmSync(path.dirname(bodiesFile), { recursive: true, force: true }));
  const r = JSON.parse(stdout) as {
    latency: { p50: number; p99: number; mean: number };
    requests: { average: number; total: number };
    non2xx: number;
    errors: number;
  };
  return {
    operation: op.name,
    connections,
    p50: r.latency.p50,
    p99: r.latency.p99,
    mean: Math.round(r.latency.mean * 10) / 10,
    rps: Math.round(r.requests.average * 10) / 10,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}
