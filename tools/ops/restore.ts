/**
 * Restores a backup made by tools/ops/backup.ts into a fresh database (the service's schema must
 * not exist there), checks every table's row count against the backup's manifest, then applies
 * the code's newer migrations, if any.
 *
 *   tsx tools/ops/restore.ts --service households --from backups/households-2025-01-31 \
 *     --database-url postgres://…/households_restored [--no-migrate]
 */
import { parseArgs, requireString, restoreService, serviceModule } from './lib';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const service = requireString(args, 'service');
  const from = requireString(args, 'from');
  const url = requireString(args, 'database-url');
  const result = await restoreService({ module: await serviceModule(service), url, from, migrateAfter: !args['no-migrate'] });
  for (const t of result.manifest.tables) console.log(`  ${t.name.padEnd(32)} ${String(result.counts[t.name]).padStart(8)} rows (backup ${t.rows})`);
  console.log(
    `restore: ${service} ← ${from} (${result.manifest.format}); ${result.manifest.tables.length} tables, row counts match` +
      (result.migratedAfter.length ? `; then applied ${result.migratedAfter.join(', ')}` : ''),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
