import { Client } from 'pg';
import type { MixedList } from 'typeorm';
import { createServiceDataSource, describeSchema, migrateService } from '@epg/persistence';

/** What replaying a service's migrations needs of its subgraph module. */
export interface ServiceMigrations {
  /** The service name: its PostgreSQL schema. */
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** The file, beside a service's migrations, holding the schema they build. */
export const SCHEMA_SNAPSHOT_FILE = 'schema.snapshot.txt';

/** The text of a service's schema snapshot file for a schema description. */
export function schemaSnapshotText(service: string, description: string): string {
  return (
    `# The ${service} schema its migrations build on an empty database (describeSchema, @epg/persistence).\n` +
    `# Written by \`npx tsx tools/ops/schema-snapshot.ts\`; src/migrations/migrations.test.ts holds the migrations to it.\n` +
    `# Rewrite it when adding a migration, never to absorb a change to an applied one.\n\n` +
    description
  );
}

/** `describeSchema` of `schema` in the database at `url`, on a connection of its own. */
export async function describeDatabaseSchema(url: string, schema: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await describeSchema(async (sql, params) => (await client.query(sql, params)).rows, schema);
  } finally {
    await client.end();
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
async function withMigrations<T>(service: string, url: string, migrations: MixedList<Function | string>, fn: (ds: ReturnType<typeof createServiceDataSource>) => Promise<T>): Promise<T> {
  const dataSource = createServiceDataSource({ service, url, entities: [], migrations, poolSize: 2 });
  await dataSource.initialize();
  try {
    return await fn(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Applies every migration of the service to the (empty) database at `url` and describes its schema. */
export async function describeMigratedSchema(service: ServiceMigrations, url: string): Promise<string> {
  await withMigrations(service.name, url, service.migrations, migrateService);
  return describeDatabaseSchema(url, service.name);
}

export interface MigrationRoundTrip {
  /** The migrations applied, in order. */
  applied: string[];
  /** The schema with no migration applied: only TypeORM's migrations table. */
  bare: string;
  /** The schema after every migration's up(). */
  migrated: string;
  /** The schema after every down(), last migration first. */
  undone: string;
}

/**
 * On the empty database at `url`: the service's schema with only the migrations table, after
 * every migration (each in its own transaction, as the service applies them), and after undoing
 * them all one by one.
 */
export async function migrationRoundTrip(service: ServiceMigrations, url: string): Promise<MigrationRoundTrip> {
  await withMigrations(service.name, url, [], migrateService);
  const bare = await describeDatabaseSchema(url, service.name);
  return withMigrations(service.name, url, service.migrations, async (dataSource) => {
    const applied = await migrateService(dataSource);
    const migrated = await describeDatabaseSchema(url, service.name);
    for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const undone = await describeDatabaseSchema(url, service.name);
    return { applied, bare, migrated, undone };
  });
}
