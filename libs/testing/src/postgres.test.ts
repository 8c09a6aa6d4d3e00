import { Client } from 'pg';
import { createTestDatabase } from './postgres';

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
});
