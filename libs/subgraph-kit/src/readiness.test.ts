import { parse } from 'graphql';
import pino from 'pino';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { loadAuthConfig } from '@epg/auth';
import { createServiceDataSource, migrateService } from '@epg/persistence';
import { createTestDatabase } from '@epg/testing/postgres';
import { pendingMigrations, serviceReadiness } from './readiness';
import { startSubgraph } from './server';
import { defineSubgraph } from './subgraph-module';

class CreateThings1700000000001 implements MigrationInterface {
  name = 'CreateThings1700000000001';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE thing (id int PRIMARY KEY)');
  }
  async down() {}
}

class AddThingName1700000000002 implements MigrationInterface {
  name = 'AddThingName1700000000002';
  async up(q: QueryRunner) {
    await q.query('ALTER TABLE thing ADD COLUMN name text');
  }
  async down() {}
}

const moduleWith = (migrations: (new () => MigrationInterface)[]) =>
  defineSubgraph({
    name: 'readiness',
    typeDefs: parse('type Query { ok: Boolean }'),
    resolvers: { Query: { ok: () => true } },
    entities: [],
    migrations,
    extendContext: (base) => base,
  });

describe('/ready while migrations are pending', () => {
  let url: string;
  const dataSources: DataSource[] = [];
  const open = async (migrations: (new () => MigrationInterface)[]) => {
    const ds = createServiceDataSource({ service: 'readiness', url, entities: [], migrations });
    await ds.initialize();
    dataSources.push(ds);
    return ds;
  };

  beforeAll(async () => {
    url = await createTestDatabase();
  });
  afterAll(async () => {
    for (const ds of dataSources) if (ds.isInitialized) await ds.destroy();
  });

  it('is not ready before the first migration, ready once migrated, not ready again when newer code brings one more', async () => {
    const v1 = await open([CreateThings1700000000001]);
    const ready1 = serviceReadiness(v1);
    expect(await ready1()).toBe(false); // no schema, no migrations table: nothing migrated

    await migrateService(v1);
    expect(await pendingMigrations(v1)).toEqual([]);
    expect(await ready1()).toBe(true);

    // A pod of the next version starts before its migration Job ran.
    const v2 = await open([CreateThings1700000000001, AddThingName1700000000002]);
    const ready2 = serviceReadiness(v2);
    expect(await pendingMigrations(v2)).toEqual(['AddThingName1700000000002']);
    expect(await ready2()).toBe(false);
    await migrateService(v2);
    expect(await ready2()).toBe(true);
  });

  it('a subgraph answers /ready 503 until its migrations are applied, then 200', async () => {
    const ds = await open([CreateThings1700000000001, AddThingName1700000000002]);
    await ds.query('DROP SCHEMA IF EXISTS "readiness" CASCADE');
    const running = await startSubgraph(moduleWith([CreateThings1700000000001, AddThingName1700000000002]), {
      dataSource: ds,
      auth: loadAuthConfig({}),
      logger: pino({ level: 'silent' }),
      port: 0,
      gatewayUrl: () => undefined,
    });
    try {
      const readyUrl = running.url.replace(/\/graphql$/, '/ready');
      const before = await fetch(readyUrl);
      expect(before.status).toBe(503);
      expect(await before.json()).toEqual({ status: 'not ready' });
      expect((await fetch(running.url.replace(/\/graphql$/, '/health'))).status).toBe(200);

      await migrateService(ds);
      expect((await fetch(readyUrl)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});
