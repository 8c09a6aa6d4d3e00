import { Client } from 'pg';
import { createTestDatabase, createTestDatabaseFrom, withClient } from './postgres';

describe('test databases', () => {
  it('gives each caller its own empty database on the run PostgreSQL', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(a).not.toBe(b);
    const client = new Client({ connectionString: a });
    await client.connect();
    try {
      await client.query('CREATE TABLE marker (id int)');
      const other = new Client({ connectionString: b });
      await other.connect();
      try {
        const tables = await other.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'marker'`);
        expect(tables.rows[0].n).toBe(0);
      } finally {
        await other.end();
      }
    } finally {
      await client.end();
    }
  });

  it('clones a template built once per key; a clone is independent; a failed build leaves nothing to clone', async () => {
    const key = `template-${Date.now()}`;
    let builds = 0;
    const build = async (url: string) => {
      builds += 1;
      await withClient(url, (c) => c.query(`CREATE TABLE marker (n int); INSERT INTO marker VALUES (${builds})`));
    };
    const first = await createTestDatabaseFrom(key, build);
    const second = await createTestDatabaseFrom(key, build);
    expect(builds).toBe(1);
    expect(first).not.toBe(second);
    await withClient(first, (c) => c.query('INSERT INTO marker VALUES (99)'));
    const rows = await withClient(second, (c) => c.query<{ n: number }>('SELECT n FROM marker ORDER BY n'));
    expect(rows.rows.map((r) => r.n)).toEqual([1]);

    const broken = `${key}-broken`;
    await expect(
      createTestDatabaseFrom(broken, async () => {
        throw new Error('build failed');
      }),
    ).rejects.toThrow('build failed');
    const rebuilt = await createTestDatabaseFrom(broken, build);
    expect(builds).toBe(2);
    const again = await withClient(rebuilt, (c) => c.query<{ n: number }>('SELECT n FROM marker'));
    expect(again.rows.map((r) => r.n)).toEqual([2]);
  });
});

