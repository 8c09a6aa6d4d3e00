/**
 * Applies one service's pending migrations (each in its own transaction) and exits: the
 * Kubernetes migration Job runs this before the Deployment (which has MIGRATE_ON_START=false).
 *
 *   tsx tools/ops/migrate.ts --service households [--database-url postgres://…]
 *
 * The database is `--database-url`, else `<SERVICE>_DATABASE_URL`, else `DATABASE_URL`.
 */
import { serviceDatabaseUrl } from '@epg/persistence';
import { migrate, parseArgs, requireString, serviceModule } from './lib';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const service = requireString(args, 'service');
  const url = typeof args['database-url'] === 'string' ? args['database-url'] : serviceDatabaseUrl(service);
  if (!url) throw new Error(`set ${service.toUpperCase()}_DATABASE_URL or DATABASE_URL (or pass --database-url)`);
  const applied = await migrate(await serviceModule(service), url);
  console.log(JSON.stringify({ service, applied, msg: applied.length ? 'migrations applied' : 'schema up to date' }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
