/**
 * The subsidies service's entitlement batch in a process of its own (so its resident memory is
 * its own): `computeEntitlements(420000, year)` as the service runs it — projections refreshed
 * through the gateway at GATEWAY_URL, engine, set-based writes — once or more. Prints one JSON
 * line per run on stdout.
 */
import pino from 'pino';
import { z } from 'zod';
import { loadAuthConfig, parsePrincipal } from '@epg/auth';
import { regionCodeSchema } from '@epg/domain';
import { createServiceDataSource } from '@epg/persistence';
import { createBaseContext, createLogger, createServiceGraph } from '@epg/subgraph-kit';
import { computeEntitlements, refreshFacts, subsidiesSubgraph } from '@epg/subsidies';

const envSchema = z.object({
  DATABASE_URL: z.string().url(),
  GATEWAY_URL: z.string().url(),
  REGION: z.string().default('420000').pipe(regionCodeSchema),
  YEAR: z.coerce.number().int().default(2019),
  RUNS: z.coerce.number().int().min(1).max(5).default(2),
  /** 1: fill the projections first, timed on their own (run 0), so run 1 is the computation alone. */
  FILL_FIRST: z.enum(['0', '1']).default('0'),
});

async function main(): Promise<void> {
  const env = envSchema.parse(process.env);
  const auth = loadAuthConfig(process.env);
  const dataSource = createServiceDataSource({ service: 'subsidies', url: env.DATABASE_URL, entities: subsidiesSubgraph.entities, migrations: subsidiesSubgraph.migrations });
  await dataSource.initialize();
  const ctx = createBaseContext({
    principal: parsePrincipal({ subject: 'bench-province-officer', role: 'PROVINCE', regionCode: env.REGION, scopes: ['subsidy:approve'] }),
    requestId: 'bench-entitlements',
    // Its log (each run's steps and their seconds) goes to stderr; stdout carries the results.
    logger: createLogger('subsidies', 'info', pino.destination(2)),
    dataSource,
    serviceGraph: createServiceGraph({ service: 'subsidies', gatewayUrl: () => env.GATEWAY_URL, auth, timeoutMs: 120_000 }),
  });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  /** Runs one timed step and prints its line: seconds, memory, and what the step returned. */
  const timed = async (run: number, step: () => Promise<unknown>): Promise<void> => {
    const started = performance.now();
    const result = await step();
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    process.stdout.write(
      `${JSON.stringify({ run, seconds, peakRssBytes: peakRss, maxRssBytes: process.resourceUsage().maxRSS * 1024, rssAfterBytes: process.memoryUsage.rss(), result })}\n`,
    );
  };
  try {
    if (env.FILL_FIRST === '1') await timed(0, async () => ({ factsRefreshedAt: await refreshFacts(ctx, env.REGION) }));
    for (let run = 1; run <= env.RUNS; run++) {
      await timed(run, () => computeEntitlements(ctx, { regionCode: env.REGION, academicYear: env.YEAR }));
    }
  } finally {
    clearInterval(sampler);
    await dataSource.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
