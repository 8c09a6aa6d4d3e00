import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from '@epg/testing/postgres';
import { createLogger } from '@epg/subgraph-kit';
import {
  backupService,
  findPgTools,
  opsDataSource,
  migrate,
  restoreService,
  rowCounts,
  serviceModule,
  tableChecksums,
  type BackupFormat,
} from './lib';

const SERVICES = ['households', 'schools', 'subsidies', 'teachers', 'vocational'];
const logger = createLogger('ops-test', 'silent');

async function serverMajor(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Math.floor(Number((await client.query(`SELECT current_setting('server_version_num') AS v`)).rows[0].v) / 10000);
  } finally {
    await client.end();
  }
}

/** One database with every service migrated and seeded with the demo data. */
let sourceUrl: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-backup-'));

beforeAll(async () => {
  sourceUrl = await createTestDatabase();
  for (const name of SERVICES) {
    const module = await serviceModule(name);
    await migrate(module, sourceUrl);
    if (!module.seedDemo) continue;
    const dataSource = opsDataSource(module, sourceUrl);
    await dataSource.initialize();
    try {
      await module.seedDemo({ dataSource, logger });
    } finally {
      await dataSource.destroy();
    }
  }
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('migrations', () => {
  it('run forward, each in its own transaction, and a second run applies nothing', async () => {
    const module = await serviceModule('households');
    const dataSource = opsDataSource(module, sourceUrl);
    expect((dataSource.options as { migrationsTransactionMode?: string }).migrationsTransactionMode).toBe('each');
    expect(await migrate(module, sourceUrl)).toEqual([]);
  });
});

const report: string[] = [];
afterAll(() => {
  if (report.length) process.stdout.write(`backup/restore row counts:\n${report.join('\n')}\n`);
});

describe.each(SERVICES)('backup and restore of %s (copy format)', (name) => {
  it('restores into a fresh database with the same rows, table by table', async () => {
    const module = await serviceModule(name);
    const out = path.join(tmp, `${name}-copy`);
    const manifest = await backupService({ module, url: sourceUrl, out, format: 'copy' });
    expect(manifest.format).toBe('copy');
    expect(manifest.migrations.length).toBeGreaterThan(0);

    const targetUrl = await createTestDatabase();
    const result = await restoreService({ module, url: targetUrl, from: out });
    expect(result.migratedAfter).toEqual([]);

    const before = await rowCounts(sourceUrl, name);
    const after = await rowCounts(targetUrl, name);
    expect(after).toEqual(before);
    expect(Object.values(before).reduce((a, b) => a + b, 0)).toBeGreaterThan(manifest.migrations.length);
    expect(await tableChecksums(targetUrl, name)).toEqual(await tableChecksums(sourceUrl, name));
    report.push(
      `  ${name}: ${Object.keys(after).length} tables, ${Object.values(after).reduce((a, b) => a + b, 0)} rows — ` +
        Object.entries(after)
          .filter(([, n]) => n > 0)
          .map(([t, n]) => `${t} ${n}`)
          .join(', '),
    );

    // A restore never overwrites: the same target again is refused.
    await expect(restoreService({ module, url: targetUrl, from: out })).rejects.toThrow(/already exists/);
  });
});

describe('backup and restore with pg_dump/pg_restore', () => {
  it('round-trips the households schema when a pg_dump as new as the server is available', async () => {
    const tools = findPgTools(await serverMajor(sourceUrl));
    if (!tools) {
      report.push('  pg_dump: none as new as the server found (PG_BIN_DIR unset): the pg_dump format was not exercised');
      return;
    }
    const module = await serviceModule('households');
    const out = path.join(tmp, 'households-pg_dump');
    const format: BackupFormat = 'pg_dump';
    const manifest = await backupService({ module, url: sourceUrl, out, format });
    expect(manifest.format).toBe('pg_dump');
    const targetUrl = await createTestDatabase();
    await restoreService({ module, url: targetUrl, from: out });
    expect(await rowCounts(targetUrl, 'households')).toEqual(await rowCounts(sourceUrl, 'households'));
    report.push(`  pg_dump: households round-tripped with ${tools.pgDump}`);
  });
});
