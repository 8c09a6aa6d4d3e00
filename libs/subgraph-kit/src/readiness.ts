import type { DataSource } from 'typeorm';
import { isDatabaseReady } from '@epg/persistence';

/** The migrations the code knows that the service's database has not applied (read-only: no DDL). */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const options = dataSource.options as { schema?: string; migrationsTableName?: string };
  const table = `${options.schema ? `"${options.schema}".` : ''}"${options.migrationsTableName ?? 'migrations'}"`;
  const all = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  // No migrations table yet: nothing applied (asked first, so no failing query is logged).
  const [{ exists }] = (await dataSource.query('SELECT to_regclass($1) IS NOT NULL AS exists', [table])) as { exists: boolean }[];
  if (!exists) return all;
  const rows = (await dataSource.query(`SELECT name FROM ${table}`)) as { name: string }[];
  const applied = new Set(rows.map((r) => r.name));
  return all.filter((name) => !applied.has(name));
}

/**
 * `/ready` of a service: its database answers and holds every migration the code knows. With
 * MIGRATE_ON_START=false (Kubernetes) a pod that starts before its migration Job finished takes no
 * traffic until the Job has run: the code would query tables or columns that are not there yet.
 * Once fully migrated it stays so (migrations only go forward), so later probes are one `SELECT 1`.
 */
export function serviceReadiness(dataSource: DataSource): () => Promise<boolean> {
  let migrated = false;
  return async () => {
    if (!(await isDatabaseReady(dataSource))) return false;
    if (migrated) return true;
    try {
      migrated = (await pendingMigrations(dataSource)).length === 0;
    } catch {
      return false;
    }
    return migrated;
  };
}
