import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase } from '@epg/testing/postgres';
import { parsePrincipal } from '@epg/auth';
import { AuditEntry, auditTableSql, recordAudit, type AuditRecord } from './audit';
import { createServiceDataSource, isDatabaseReady, migrateService } from './data-source';
import { SqlStatementCounter } from './sql-counter';

class CreateAudit1700000000001 implements MigrationInterface {
  name = 'CreateAudit1700000000001';
  async up(q: QueryRunner) {
    for (const sql of auditTableSql()) await q.query(sql);
  }
  async down() {}
}

class Broken1700000000002 implements MigrationInterface {
  name = 'Broken1700000000002';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE half_written (id int)');
    await q.query('SELECT * FROM table_that_does_not_exist');
  }
  async down() {}
}

const principal = parsePrincipal({ subject: 'tester', role: 'COUNTY', regionCode: '360323', scopes: [] });

describe('service data source', () => {
  it('migrates its own schema, records audit entries, and keeps them append-only', async () => {
    const url = await createTestDatabase();
    const sql = new SqlStatementCounter();
    const ds = createServiceDataSource({ service: 'probe', url, entities: [AuditEntry], migrations: [CreateAudit1700000000001], logger: sql });
    await ds.initialize();
    try {
      expect(await migrateService(ds)).toEqual(['CreateAudit1700000000001']);
      expect(await migrateService(ds)).toEqual([]);
      const [{ current_schema }] = await ds.query('SELECT current_schema()');
      expect(current_schema).toBe('probe');
      expect(await isDatabaseReady(ds)).toBe(true);

      await ds.transaction((m) =>
        recordAudit(m, { principal, requestId: 'r1', clientRequestId: 'client-7' }, { operation: 'test', regionCode: '360323101', entityType: 'Thing', entityId: '1', after: { a: 1 } }),
      );
      const rows = await ds.getRepository(AuditEntry).find();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        subject: 'tester',
        role: 'COUNTY',
        regionScope: '360323',
        dataRegion: '360323101',
        requestId: 'r1',
        clientRequestId: 'client-7',
        operation: 'test',
        after: { a: 1 },
      });
      // An entry that does not say where its data lies is refused (a trail by data region needs it).
      const unplaced = { operation: 'test', entityType: 'Thing' } as unknown as AuditRecord;
      await expect(ds.transaction((m) => recordAudit(m, { principal }, unplaced))).rejects.toThrow(/names no region code/);
      await expect(ds.query('UPDATE audit_entry SET subject = $1', ['someone else'])).rejects.toThrow(/append-only/);
      await expect(ds.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);

      sql.reset();
      await ds.query('SELECT 1');
      await ds.query('SELECT 2');
      expect(sql.total).toBe(2);
    } finally {
      await ds.destroy();
    }
  });

  it('rolls back a failed migration completely', async () => {
    const url = await createTestDatabase();
    const ds = createServiceDataSource({ service: 'broken', url, entities: [], migrations: [CreateAudit1700000000001, Broken1700000000002] });
    await ds.initialize();
    try {
      await expect(migrateService(ds)).rejects.toThrow(/table_that_does_not_exist/);
      const tables = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'broken' ORDER BY 1`);
      expect(tables.map((t: { table_name: string }) => t.table_name)).not.toContain('half_written');
      expect(tables.map((t: { table_name: string }) => t.table_name)).toContain('audit_entry');
    } finally {
      await ds.destroy();
    }
  });
});
