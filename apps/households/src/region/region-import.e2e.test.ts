import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase } from '@epg/testing/postgres';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../../..');

describe('npm run regions:import', () => {
  it('loads a province code list from a file into the households schema, and refuses a bad file whole', async () => {
    const databaseUrl = await createTestDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regions-'));
    const good = path.join(dir, 'hubei.csv');
    fs.writeFileSync(good, 'code,name\n420000,湖北省\n420100,武汉市\n420102,江岸区\n420102001,大智街道\n');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, '420000,湖北省\n4201,武汉\n');
    const { HOUSEHOLDS_DATABASE_URL: _ignored, ...inherited } = process.env;
    const env = { ...inherited, DATABASE_URL: databaseUrl };
    const tsx = path.join(root, 'node_modules/.bin/tsx');

    const { stdout } = await run(tsx, ['tools/seed/import-regions.ts', good], { cwd: root, env });
    expect(stdout).toContain('regions: 4 imported');
    await expect(run(tsx, ['tools/seed/import-regions.ts', bad], { cwd: root, env })).rejects.toMatchObject({
      stderr: expect.stringContaining('line 2: not a region code: 4201'),
    });

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const rows = await client.query(`SELECT code, level, parent_code FROM households.region ORDER BY code`);
      expect(rows.rows).toEqual([
        { code: '420000', level: 'PROVINCE', parent_code: null },
        { code: '420100', level: 'CITY', parent_code: '420000' },
        { code: '420102', level: 'COUNTY', parent_code: '420100' },
        { code: '420102001', level: 'TOWNSHIP', parent_code: '420102' },
      ]);
    } finally {
      await client.end();
    }
  });
});
