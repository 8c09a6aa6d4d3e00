import 'reflect-metadata';
import { types } from 'pg';
import { DataSource, type EntitySchema, type Logger as TypeOrmLogger, type MixedList } from 'typeorm';

// Calendar dates stay ISO strings ("2023-09-01"): pg would turn them into local-midnight Dates.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export interface ServiceDataSourceOptions {
  /** The service name; also its PostgreSQL schema. */
  service: string;
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  logger?: TypeOrmLogger;
}

/**
 * One TypeORM data source per service: its own schema (in a shared database) or its own
 * database, committed migrations only (never `synchronize`), search_path pinned to the schema
 * so raw SQL needs no qualification.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.service,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: `epg-${options.service}`,
    logging: options.logger ? ['query', 'error'] : ['error'],
    logger: options.logger,
    poolSize: options.poolSize ?? 10,
    extra: { options: `-c search_path=${options.service},public` },
  });
}

/** Creates the service's schema if needed and applies its pending migrations, each in a transaction. */
export async function migrateService(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (schema) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** Is the database reachable? (for `/ready`) */
export async function isDatabaseReady(dataSource: DataSource): Promise<boolean> {
  try {
    if (!dataSource.isInitialized) return false;
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
