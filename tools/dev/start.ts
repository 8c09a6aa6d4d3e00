/**
 * `npm start`: the whole graph on one machine.
 * Embedded PostgreSQL (data under .data/, kept across restarts) unless DATABASE_URL is set,
 * every service's migrations, demo data when empty, the five subgraphs and the gateway.
 */
import { z } from 'zod';
import { loadPersistenceConfig, startEmbeddedPostgres, type RunningPostgres } from '@epg/persistence';
import { createLogger, DEFAULT_PROJECTION_REGIONS, GATEWAY_DEFAULT_PORT, SUBGRAPHS } from '@epg/subgraph-kit';
import { DEMO_ACADEMIC_YEAR, DEMO_COUNTY } from '@epg/demo';
import { startInProcessGraph, tokenFor } from '@epg/testing';
import { WHOLE_GRAPH } from '../lib/graph';

const startEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(GATEWAY_DEFAULT_PORT),
  HOST: z.string().default('127.0.0.1'),
});

async function main(): Promise<void> {
  const logger = createLogger('dev', process.env.LOG_LEVEL ?? 'warn');
  const { PORT, HOST } = startEnvSchema.parse(process.env);
  const persistence = loadPersistenceConfig();
  let postgres: RunningPostgres | null = null;
  let databaseUrl = persistence.DATABASE_URL;
  if (!databaseUrl) {
    process.stdout.write(`Starting embedded PostgreSQL (data in ${persistence.EMBEDDED_PG_DIR}) ...\n`);
    postgres = await startEmbeddedPostgres({
      dataDir: persistence.EMBEDDED_PG_DIR,
      port: persistence.EMBEDDED_PG_PORT,
      persistent: true,
    });
    databaseUrl = postgres.url;
  }

  const ports = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, s.port]));
  // Every service's background projection consumer, as each service process runs it (runService):
  // without them the vocational and households projections stay empty and the dashboard says 0.
  const graph = await startInProcessGraph({
    ...WHOLE_GRAPH,
    databaseUrl,
    seedDemo: true,
    ports: { ...ports, gateway: PORT },
    host: HOST,
    logger,
    projections: { regions: DEFAULT_PROJECTION_REGIONS },
  });
  await graph.projectionsCaughtUp();
  const token = await tokenFor(graph.auth, {
    subject: 'dev-county-officer',
    role: 'COUNTY',
    regionCode: '360323',
    // Everything the README walks through: approving and paying are separate scopes, and so is
    // administering policy sets and allowance rates (policy:admin).
    scopes: ['pii:read', 'import:write', 'subsidy:approve', 'subsidy:pay', 'policy:admin', 'audit:read'],
  }, '12h');
  const base = graph.gatewayUrl.replace(/\/graphql$/, '');
  const jobs = await runDemoJobs(graph.gatewayUrl, token);
  process.stdout.write(
    [
      '',
      `Gateway:  ${graph.gatewayUrl}`,
      `Health:   ${base}/health`,
      ...[...graph.services.values()].map((s) => `  ${s.module.name.padEnd(11)} ${s.server?.url}`),
      '',
      `Demo jobs: ${jobs}`,
      '',
      'Development token (COUNTY 360323 芦溪县; scopes pii:read, import:write, subsidy:approve, subsidy:pay, policy:admin, audit:read):',
      token,
      '',
      'Try:',
      `  curl -s ${graph.gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
      `    -d '{"query":"{ region(code: \\"360323\\") { code name level } }"}'`,
      'Other tokens: npm run token -- --role PROVINCE --region 360000 --scopes pii:read',
      '',
    ].join('\n'),
  );

  const shutdown = async () => {
    await graph.stop();
    await postgres?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

/**
 * The batch jobs a county runs after loading its ledgers, through the gateway as a user would:
 * the dropout scan and the entitlement computation for the demo year (both idempotent), so the
 * dashboard has figures on the first start.
 */
async function runDemoJobs(gatewayUrl: string, token: string): Promise<string> {
  const call = async (query: string) => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return JSON.stringify(Object.values(body.data ?? {})[0]);
  };
  try {
    const scan = await call(`mutation { scanForDropouts(regionCode: "${DEMO_COUNTY}", academicYear: ${DEMO_ACADEMIC_YEAR}) { opened alreadyOpen closedAsEnrolled } }`);
    const compute = await call(`mutation { computeEntitlements(regionCode: "${DEMO_COUNTY}", academicYear: ${DEMO_ACADEMIC_YEAR}) { students created unchanged cancelled backPay } }`);
    return `dropout scan ${scan}; entitlements ${compute}`;
  } catch (err) {
    return `not run (${err instanceof Error ? err.message : String(err)})`;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
