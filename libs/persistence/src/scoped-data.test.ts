import 'reflect-metadata';
import { Column, Entity, PrimaryColumn, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { parsePrincipal } from '@epg/auth';
import { parseRegionCode } from '@epg/domain';
import { createTestDatabase } from '@epg/testing/postgres';
import { createServiceDataSource, migrateService } from './data-source';
import { RegionScope } from './region-scope';
import { keysetPage, RegionScoped, ScopedData } from './scoped-data';

@RegionScoped('villageCode')
@Entity({ name: 'thing' })
class Thing {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column({ name: 'village_code', type: 'text' }) villageCode!: string;
}

@Entity({ name: 'thing_note' })
class ThingNote {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'thing_id', type: 'uuid' }) thingId!: string;
}

@Entity({ name: 'unscoped_thing' })
class UnscopedThing {
  @PrimaryColumn('uuid') id!: string;
}

class CreateThings1700000000001 implements MigrationInterface {
  name = 'CreateThings1700000000001';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE thing (id uuid PRIMARY KEY, name text NOT NULL, village_code text NOT NULL)`);
    await q.query(`CREATE TABLE unscoped_thing (id uuid PRIMARY KEY)`);
    await q.query(`CREATE TABLE thing_note (id uuid PRIMARY KEY, thing_id uuid NOT NULL)`);
  }
  async down() {}
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const rows = [
  { id: id(1), name: 'a', villageCode: '360323101201' },
  { id: id(2), name: 'b', villageCode: '360323102201' },
  { id: id(3), name: 'c', villageCode: '360322101201' },
  { id: id(4), name: 'd', villageCode: '420102001001' },
];

const principal = (role: 'PROVINCE' | 'COUNTY' | 'TOWNSHIP', regionCode: string) => parsePrincipal({ subject: 's', role, regionCode, scopes: [] });

describe('scoped data access', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = createServiceDataSource({ service: 'scoped', url: await createTestDatabase(), entities: [Thing, ThingNote, UnscopedThing], migrations: [CreateThings1700000000001] });
    await ds.initialize();
    await migrateService(ds);
    await ds.getRepository(Thing).insert(rows);
    await ds.getRepository(ThingNote).insert(rows.map((r, i) => ({ id: id(100 + i), thingId: r.id })));
  });
  afterAll(() => ds.destroy());

  const names = (things: Thing[]) => things.map((t) => t.name).sort();

  it('reads only the rows of the caller region', async () => {
    const county = new ScopedData(ds.manager, RegionScope.of(principal('COUNTY', '360323')));
    expect(names(await county.repository(Thing).query('t').getMany())).toEqual(['a', 'b']);
    const province = new ScopedData(ds.manager, RegionScope.of(principal('PROVINCE', '360000')));
    expect(names(await province.repository(Thing).query('t').getMany())).toEqual(['a', 'b', 'c']);
    expect(await province.repository(Thing).count('t')).toBe(3);
    expect(await province.repository(Thing).count('t', (qb) => qb.andWhere("t.name <> 'a'"))).toBe(2);
  });

  it('finds by id inside the scope only', async () => {
    const county = new ScopedData(ds.manager, RegionScope.of(principal('COUNTY', '360323')));
    expect(names(await county.repository(Thing).findByIds([id(1), id(3), id(4), 'not-a-uuid']))).toEqual(['a']);
    expect(await county.repository(Thing).findById(id(4))).toBeNull();
    expect((await county.repository(Thing).findById(id(2)))?.name).toBe('b');
  });

  it('narrows to a requested region, and refuses one outside', async () => {
    const province = new ScopedData(ds.manager, RegionScope.of(principal('PROVINCE', '360000')));
    expect(names(await province.narrowTo(parseRegionCode('360323102')).repository(Thing).query('t').getMany())).toEqual(['b']);
    const township = new ScopedData(ds.manager, RegionScope.of(principal('TOWNSHIP', '360323101')));
    // Asking for the whole province from a township reads the township only.
    expect(names(await township.narrowTo(parseRegionCode('360000')).repository(Thing).query('t').getMany())).toEqual(['a']);
    expect(() => township.narrowTo(parseRegionCode('420000'))).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
  });

  it('reports on a whole region inside the scope only, and refuses a region above it where asked to', async () => {
    const county = new ScopedData(ds.manager, RegionScope.of(principal('COUNTY', '360323')));
    expect(names(await county.reportOn(parseRegionCode('360323102'))!.repository(Thing).query('t').getMany())).toEqual(['b']);
    expect(county.reportOn(parseRegionCode('360000'))).toBeNull(); // above: a partial figure is no province figure
    expect(county.reportOn(parseRegionCode('420000'))).toBeNull();
    expect(names(await county.inside(parseRegionCode('360323')).repository(Thing).query('t').getMany())).toEqual(['a', 'b']);
    expect(() => county.inside(parseRegionCode('360000'))).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
  });

  it('reads rows without a region through their owner inside the scope', async () => {
    const county = new ScopedData(ds.manager, RegionScope.of(principal('COUNTY', '360323')));
    const notes = await county
      .owned(ThingNote, 'n', Thing, (t) => `${t}.id = n.thing_id`)
      .andWhere('n.id <> :skip', { skip: id(100) })
      .getMany();
    expect(notes.map((n) => n.thingId)).toEqual([id(2)]);
  });

  it('places the predicate in raw statements, the statement parameters from $2', async () => {
    const province = new ScopedData(ds.manager, RegionScope.of(principal('PROVINCE', '360000')));
    const found = await province.query<{ name: string }>((region) => `SELECT name FROM thing WHERE ${region('village_code')} AND name <> $2 ORDER BY name`, ['a']);
    expect(found.map((r) => r.name)).toEqual(['b', 'c']);
  });

  it('reads every region only on the named unscoped path', async () => {
    const all = new ScopedData(ds.manager, RegionScope.unscoped('test batch'));
    expect(names(await all.repository(Thing).query('t').getMany())).toEqual(['a', 'b', 'c', 'd']);
    expect(all.scope.label).toBe('unscoped: test batch');
    expect(() => RegionScope.unscoped(' ')).toThrow('names the batch job');
  });

  it('refuses an entity that declares no region column', () => {
    const county = new ScopedData(ds.manager, RegionScope.of(principal('COUNTY', '360323')));
    expect(() => county.repository(UnscopedThing)).toThrow(/declares no region column/);
  });

  it('pages by keyset, forwards and backwards', async () => {
    const province = new ScopedData(ds.manager, RegionScope.of(principal('PROVINCE', '360000')));
    const query = province.repository(Thing).query('t');
    const first = await keysetPage(query, { first: 2, after: null }, [{ expression: 't.name' }, { expression: 't.id', cast: 'uuid' }]);
    expect(names(first)).toEqual(['a', 'b', 'c']); // first + 1 rows: another page exists
    const second = await keysetPage(query, { first: 2, after: ['b', id(2)] }, [{ expression: 't.name' }, { expression: 't.id', cast: 'uuid' }]);
    expect(names(second)).toEqual(['c']);
    const back = await keysetPage(query, { first: 5, after: ['c', id(3)] }, [{ expression: 't.name' }, { expression: 't.id', cast: 'uuid' }], 'DESC');
    expect(back.map((t) => t.name)).toEqual(['b', 'a']);
    await expect(keysetPage(query, { first: 2, after: ['b'] }, [{ expression: 't.name' }, { expression: 't.id' }])).rejects.toMatchObject({
      message: 'after: not a cursor this list returned',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
