/**
 * `npm run bench -- <name> [--duration S] [--connections 1,8,32] [--households N]`
 * Benchmarks on the seeded province (`npm run seed -- --scale province`); never part of npm test.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { entitlements } from './entitlements';
import { gatewayOverhead } from './gateway-overhead';
import { latency } from './latency';
import { dashboardFields } from './dashboard-fields';
import { memory } from './memory';
import { peerGateway } from './peer-gateway';
import { sqlPerRequest } from './sql-per-request';
import { worstQuery } from './worst-query';

export interface BenchContext {
  command: string;
  duration: number;
  connections: number[];
  /** `--baseline <git-rev>`: run that revision's graph beside this one (latency). */
  baseline?: string;
  /** `--profile`: write and summarise V8 CPU profiles of the graph processes (latency). */
  profile?: boolean;
  /** `--only A,B`: the operations whose name starts with one of these (latency; default all). */
  only?: string[];
}

const BENCHES = ['sql-per-request', 'latency', 'gateway-overhead', 'entitlements', 'peer-gateway', 'memory', 'dashboard-fields', 'worst-query'] as const;

const argsSchema = z.object({
  name: z.enum(BENCHES),
  duration: z.coerce.number().int().min(1).max(600).default(20),
  connections: z
    .string()
    .default('1,8,32')
    .transform((s) => s.split(',').map(Number))
    .pipe(z.array(z.number().int().min(1).max(1000)).min(1)),
  baseline: z.string().regex(/^[\w./~^@-]+$/, 'a git revision').optional(),
  profile: z.boolean().default(false),
  only: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .optional(),
});

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { duration: { type: 'string' }, connections: { type: 'string' }, baseline: { type: 'string' }, profile: { type: 'boolean' }, only: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const parsed = argsSchema.safeParse({ name: positionals[0], ...values });
  if (!parsed.success) {
    process.stderr.write(`usage: npm run bench -- <${BENCHES.join('|')}> [--duration S] [--connections 1,8,32] [--baseline <git-rev>] [--profile] [--only Op1,Op2]\n${parsed.error.message}\n`);
    process.exit(2);
  }
  const { name, duration, connections, baseline, profile, only } = parsed.data;
  const ctx: BenchContext = { command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, duration, connections, baseline, profile, only };
  const benches: Record<(typeof BENCHES)[number], (c: BenchContext) => Promise<void>> = {
    'sql-per-request': sqlPerRequest,
    latency,
    'gateway-overhead': gatewayOverhead,
    entitlements,
    'peer-gateway': peerGateway,
    memory,
    'dashboard-fields': (c) => dashboardFields(c.command),
    'worst-query': worstQuery,
  };
  await benches[name](ctx);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
