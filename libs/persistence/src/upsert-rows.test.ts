import { DataSource } from 'typeorm';
import { createTestDatabase } from '@epg/testing/postgres';
import { upsertRows, type UpsertTarget } from './upsert-rows';

interface Change {
  personId: string;
  name: string;
  birthDate: string | null;
  removed: boolean;
  grade: number;
}

const target: UpsertTarget<Change> = {
  table: 'person_copy',
  key: 'person_id',
  columns: { person_id: 'personId', name: 'name', birth_date: 'birthDate', removed: 'removed', grade: 'grade' },
  stamped: { projected_at: 'now()' },
};

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('upsertRows', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = new DataSource({ type: 'postgres', url: await createTestDatabase() });
    await ds.initialize();
    await ds.query(`CREATE TABLE person_copy (person_id uuid PRIMARY KEY, name text NOT NULL, birth_date date, removed boolean NOT NULL,
                    grade int NOT NULL, projected_at timestamptz NOT NULL)`);
  });
  afterAll(() => ds?.destroy());
  const rows = () => ds.query(`SELECT person_id, name, birth_date::text, removed, grade, projected_at IS NOT NULL AS stamped FROM person_copy ORDER BY person_id`);

  it('inserts new keys and updates existing ones, typed by the table, stamping both', async () => {
    await ds.transaction((m) => upsertRows(m, target, [{ personId: A, name: '张\t三\n', birthDate: '2010-03-01', removed: false, grade: 3 }]));
    await ds.transaction((m) =>
      upsertRows(m, target, [
        { personId: A, name: '张三 \\ 改', birthDate: null, removed: true, grade: 4 },
        { personId: B, name: '李四', birthDate: '2011-12-31', removed: false, grade: 2 },
      ]),
    );
    expect(await rows()).toEqual([
      { person_id: A, name: '张三 \\ 改', birth_date: null, removed: true, grade: 4, stamped: true },
      { person_id: B, name: '李四', birth_date: '2011-12-31', removed: false, grade: 2, stamped: true },
    ]);
  });

  it('keeps tabs, newlines and backslashes as written', async () => {
    await ds.transaction((m) => upsertRows(m, target, [{ personId: B, name: 'a\tb\nc\\d', birthDate: null, removed: false, grade: 1 }]));
    expect((await rows())[1]).toMatchObject({ name: 'a\tb\nc\\d' });
  });

  it('fails the whole transaction on a value the column type refuses, writing nothing', async () => {
    const before = await rows();
    await expect(
      ds.transaction(async (m) => {
        await upsertRows(m, target, [{ personId: A, name: 'ok', birthDate: null, removed: false, grade: 9 }]);
        await upsertRows(m, target, [{ personId: B, name: 'bad', birthDate: 'not a date', removed: false, grade: 1 }]);
      }),
    ).rejects.toThrow(/date/);
    expect(await rows()).toEqual(before);
  });

  it('refuses names that are not plain identifiers', async () => {
    await expect(ds.transaction((m) => upsertRows(m, { ...target, table: 'x; DROP TABLE y' }, [{ personId: A, name: 'x', birthDate: null, removed: false, grade: 1 }]))).rejects.toThrow(
      /identifier/,
    );
  });
});
