import 'reflect-metadata';
import pino from 'pino';
import { Column, Entity, PrimaryColumn, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { parsePrincipal, type PrincipalClaims } from '@epg/auth';
import { AuditEntry, auditTableSql, createServiceDataSource, migrateService, RegionScoped } from '@epg/persistence';
import { createTestDatabase } from '@epg/testing/postgres';
import { createBaseContext } from './context';
import type { ServiceGraph } from './service-graph';
import { openWrite, write } from './write';

@RegionScoped('regionCode')
@Entity({ name: 'ledger_line' })
class LedgerLine {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'region_code', type: 'text' }) regionCode!: string;
}

class CreateLines1700000000001 implements MigrationInterface {
  name = 'CreateLines1700000000001';
  async up(q: QueryRunner) {
    for (const sql of auditTableSql()) await q.query(sql);
    await q.query(`CREATE TABLE ledger_line (id uuid PRIMARY KEY, region_code text NOT NULL)`);
  }
  async down() {}
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function codeOf(err: unknown): unknown {
  return (err as { extensions?: { code?: unknown } }).extensions?.code;
}

describe('the write envelope', () => {
  let ds: DataSource;
  const ctx = (claims: Partial<PrincipalClaims> = {}) =>
    createBaseContext({
      principal: parsePrincipal({ subject: 'officer', role: 'COUNTY', regionCode: '360323', scopes: [], ...claims }),
      requestId: 'r-1',
      logger: pino({ level: 'silent' }),
      dataSource: ds,
      serviceGraph: {} as ServiceGraph,
    });
  const lines = () => ds.getRepository(LedgerLine).count();
  const entries = () => ds.getRepository(AuditEntry).count();
  const insertLine = (n: number) =>
    write(ctx(), { operation: 'addLine' }, async (tx) => {
      await tx.manager.insert(LedgerLine, { id: id(n), regionCode: '360323101' });
      tx.audit({ operation: 'addLine', regionCode: '360323101', entityType: 'LedgerLine', entityId: id(n) });
      return id(n);
    });

  beforeAll(async () => {
    ds = createServiceDataSource({ service: 'envelope', url: await createTestDatabase(), entities: [AuditEntry, LedgerLine], migrations: [CreateLines1700000000001] });
    await ds.initialize();
    await migrateService(ds);
  });
  afterAll(() => ds.destroy());

  it('writes the change and its audit entry together', async () => {
    await expect(insertLine(1)).resolves.toBe(id(1));
    const [entry] = await ds.getRepository(AuditEntry).find({ where: { entityId: id(1) } });
    expect(entry).toMatchObject({ subject: 'officer', role: 'COUNTY', regionScope: '360323', dataRegion: '360323101', requestId: 'r-1', operation: 'addLine' });
  });

  it.each([
    ['AUDITOR', {}, 'FORBIDDEN'],
    ['SERVICE', {}, 'FORBIDDEN'],
    ['INTEGRATION', {}, 'FORBIDDEN'],
  ] as const)('refuses a %s caller before touching the database', async (role, extra, code) => {
    const before = [await lines(), await entries()];
    const err = await write(ctx({ role, ...extra }), { operation: 'addLine', integrationScope: 'import:write' }, async () => 'never').catch((e) => e);
    expect(codeOf(err)).toBe(code);
    expect([await lines(), await entries()]).toEqual(before);
  });

  it('lets an INTEGRATION caller write with the named scope, and requires a write scope of everyone', async () => {
    const integration = ctx({ role: 'INTEGRATION', scopes: ['import:write'] });
    await expect(write(integration, { operation: 'noop', integrationScope: 'import:write' }, async (tx) => void tx.unchanged())).resolves.toBeUndefined();
    const err = await write(ctx(), { operation: 'approve', scope: 'subsidy:approve' }, async (tx) => void tx.unchanged()).catch((e) => e);
    expect(codeOf(err)).toBe('FORBIDDEN');
  });

  it('leaves nothing behind when the work fails', async () => {
    const before = [await lines(), await entries()];
    await expect(
      write(ctx(), { operation: 'addLine' }, async (tx) => {
        await tx.manager.insert(LedgerLine, { id: id(2), regionCode: '360323101' });
        tx.audit({ operation: 'addLine', regionCode: '360323101', entityType: 'LedgerLine', entityId: id(2) });
        throw new Error('rule broken');
      }),
    ).rejects.toThrow('rule broken');
    expect([await lines(), await entries()]).toEqual(before);
  });

  it('fails a write that records no audit entry, and keeps nothing of it', async () => {
    const before = await lines();
    await expect(
      write(ctx(), { operation: 'sneaky' }, async (tx) => {
        await tx.manager.insert(LedgerLine, { id: id(3), regionCode: '360323101' });
      }),
    ).rejects.toThrow('sneaky recorded no audit entry');
    expect(await lines()).toBe(before);
  });

  it('answers a unique violation as CONFLICT when the write names one', async () => {
    const err = await write(ctx(), { operation: 'addLine', onUniqueViolation: 'that line exists' }, async (tx) => {
      await tx.manager.insert(LedgerLine, { id: id(1), regionCode: '360323101' });
      tx.audit({ operation: 'addLine', regionCode: '360323101', entityType: 'LedgerLine', entityId: id(1) });
    }).catch((e) => e);
    expect(codeOf(err)).toBe('CONFLICT');
  });

  it('answers one named constraint with details, and leaves other violations alone', async () => {
    const named = await write(ctx(), { operation: 'addLine', onUniqueViolation: { constraint: 'ledger_line_pkey', message: 'taken', details: { field: 'input.id' } } }, async (tx) => {
      await tx.manager.insert(LedgerLine, { id: id(1), regionCode: '360323101' });
      tx.audit({ operation: 'addLine', regionCode: '360323101', entityType: 'LedgerLine', entityId: id(1) });
    }).catch((e) => e);
    expect(named.extensions).toEqual({ code: 'CONFLICT', field: 'input.id' });
    const other = await write(ctx(), { operation: 'addLine', onUniqueViolation: { constraint: 'another_index', message: 'taken' } }, async (tx) => {
      await tx.manager.insert(LedgerLine, { id: id(1), regionCode: '360323101' });
      tx.audit({ operation: 'addLine', regionCode: '360323101', entityType: 'LedgerLine', entityId: id(1) });
    }).catch((e) => e);
    expect(codeOf(other)).toBeUndefined();
  });

  it('checks the rights when a write opens, before anything it looks up first', async () => {
    expect(() => openWrite(ctx({ role: 'AUDITOR' }), { operation: 'addLine' })).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
    const open = openWrite(ctx(), { operation: 'addLine' });
    const lookedUp = await Promise.resolve(id(4));
    await open.run(async (tx) => {
      await tx.manager.insert(LedgerLine, { id: lookedUp, regionCode: '360323101' });
      tx.audit({ operation: 'addLine', regionCode: '360323101', entityType: 'LedgerLine', entityId: lookedUp });
    });
    expect(await ds.getRepository(AuditEntry).count({ where: { entityId: id(4) } })).toBe(1);
  });

  it('reads inside the transaction through the caller scope', async () => {
    await ds.getRepository(LedgerLine).insert({ id: id(9), regionCode: '420102001' });
    const seen = await write(ctx(), { operation: 'look' }, async (tx) => {
      tx.unchanged();
      return (await tx.data.repository(LedgerLine).findByIds([id(1), id(9)])).map((l) => l.id);
    });
    expect(seen).toEqual([id(1)]);
  });
});
