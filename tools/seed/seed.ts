/**
 * `npm run seed -- --scale demo|province [--households N] [--teachers N] [--year Y] [--force]`
 *
 * Migrates every service's schema and loads its demo data (policy sets A–D included), then for
 * `--scale province` loads one province (Hubei's code 42, stand-in names) with COPY into each
 * service's own tables. Target: DATABASE_URL, else the embedded PostgreSQL of `npm start`
 * (started on its data directory when it does not run).
 */
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { z } from 'zod';
import { createServiceDataSource, migrateService } from '@epg/persistence';
import { createLogger } from '@epg/subgraph-kit';
import { ALL_SUBGRAPHS } from '../lib/subgraphs';
import { targetDatabase } from './lib/database';
import { loadProvince, provinceLoaded, removeProvince } from './province/load';

const argsSchema = z.object({
  scale: z.enum(['demo', 'province']).default('demo'),
  households: z.coerce.number().int().min(37).max(2_000_000).default(300_000),
  teachers: z.coerce.number().int().min(0).max(500_000).default(100_000),
  /** Policy set B covers 420000 for 2016–2019. */
  year: z.coerce.number().int().min(2016).max(2019).default(2019),
  force: z.boolean().default(false),
});
export type SeedArgs = z.infer<typeof argsSchema>;

export function parseSeedArgs(argv: string[]): SeedArgs {
  const { values } = parseArgs({
    args: argv,
    options: { scale: { type: 'string' }, households: { type: 'string' }, teachers: { type: 'string' }, year: { type: 'string' }, force: { type: 'boolean' } },
    strict: true,
  });
  return argsSchema.parse(values);
}

/** Every service's migrations and demo data (idempotent). */
async function migrateAndSeedDemo(url: string): Promise<void> {
  const logger = createLogger('seed', 'silent');
  for (const module of ALL_SUBGRAPHS) {
    const dataSource = createServiceDataSource({ service: module.name, url, entities: module.entities, migrations: module.migrations, poolSize: 2 });
    await dataSource.initialize();
    try {
      const applied = await migrateService(dataSource);
      if (module.seedDemo) await module.seedDemo({ dataSource, logger });
      log(`${module.name}: ${applied.length} migrations applied, demo data present`);
    } finally {
      await dataSource.destroy();
    }
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const args = parseSeedArgs(process.argv.slice(2));
  const database = await targetDatabase();
  log(`database: ${database.origin}`);
  const started = Date.now();
  try {
    await migrateAndSeedDemo(database.url);
    if (args.scale === 'demo') return;
    const pool = new Pool({ connectionString: database.url, max: 1 });
    try {
      if ((await provinceLoaded(pool)) && !args.force) {
        log('province 420000 is already loaded (use --force to reload it)');
        return;
      }
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL synchronous_commit = off`);
        // The feed triggers name their sequences unqualified (each service's search_path).
        await client.query(`SET LOCAL search_path = households, schools, public`);
        await removeProvince(client);
        const counts = await loadProvince(client, { households: args.households, teachers: args.teachers, academicYear: args.year, log });
        await client.query('COMMIT');
        log(`committed: ${JSON.stringify(counts)}`);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      for (const schema of ['households', 'schools', 'teachers', 'vocational', 'subsidies']) {
        const { rows } = await pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [schema]);
        for (const { tablename } of rows as { tablename: string }[]) await pool.query(`VACUUM ANALYZE "${schema}"."${tablename}"`);
      }
      log(`analysed; province loaded in ${((Date.now() - started) / 1000).toFixed(1)} s (academic year ${args.year})`);
    } finally {
      await pool.end();
    }
  } finally {
    await database.release();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  });
}
