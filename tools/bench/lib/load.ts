import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Operation } from './operations';

const run = promisify(execFile);
const AUTOCANNON = path.resolve(__dirname, '../../../node_modules/autocannon/autocannon.js');

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
 */
export async function loadTest(url: string, token: string, op: Operation, connections: number, duration: number): Promise<LoadResult> {
  const body = JSON.stringify({ query: op.query, variables: op.variables });
  const { stdout } = await run(
    process.execPath,
    [AUTOCANNON, '-j', '-c', String(connections), '-d', String(duration), '-m', 'POST', '-H', 'content-type=application/json', '-H', `authorization=Bearer ${token}`, '-b', body, url],
    { maxBuffer: 64 * 1024 * 1024 },
  );
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
