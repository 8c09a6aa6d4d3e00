/**
 * Writes each service's `src/migrations/schema.snapshot.txt`: the schema its migrations build on
 * an empty database (`describeSchema`). The services' migration tests hold the migrations to it,
 * so an applied migration can't change meaning unnoticed; rewrite it when adding a migration.
 *
 *   npx tsx tools/ops/schema-snapshot.ts [--check] [--service households]
 *
 * `--check` writes nothing and fails when a snapshot differs. Runs on DATABASE_URL's server when
 * set (a throw-away database per service, dropped afterwards), else on an embedded PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { describeMigratedSchema, SCHEMA_SNAPSHOT_FILE, schemaSnapshotText } from '@epg/testing/migrations';
import { startTestPostgres } from '@epg/testing/postgres';
import { parseArgs, serviceModule, SERVICES } from './lib';

const root = path.resolve(__dirname, '../..');

async function onServer(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The description of `service`'s migrated schema, in a throw-away database on the server. */
async function describeService(adminUrl: string, service: string): Promise<string> {
  const name = `schema_snapshot_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await onServer(adminUrl, `CREATE DATABASE "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await describeMigratedSchema(await serviceModule(service), url.toString());
  } finally {
    await onServer(adminUrl, `DROP DATABASE "${name}"`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const check = args.check === true;
  const services = typeof args.service === 'string' ? [args.service] : [...SERVICES];

  let adminUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    const pg = await startTestPostgres();
    adminUrl = pg.adminUrl;
    stop = () => pg.stop();
  }

  const stale: string[] = [];
  try {
    for (const service of services) {
      const file = path.join(root, 'apps', service, 'src/migrations', SCHEMA_SNAPSHOT_FILE);
      const text = schemaSnapshotText(service, await describeService(adminUrl, service));
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
      if (current === text) {
        console.log(`${service}: up to date`);
      } else if (check) {
        stale.push(service);
        console.error(`${service}: ${path.relative(root, file)} ${current === null ? 'is missing' : 'differs from what the migrations build'}`);
      } else {
        fs.writeFileSync(file, text);
        console.log(`${service}: wrote ${path.relative(root, file)}`);
      }
    }
  } finally {
    await stop();
  }
  if (stale.length) {
    console.error('run `npx tsx tools/ops/schema-snapshot.ts` after adding a migration (never to absorb a change to an applied one)');
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
