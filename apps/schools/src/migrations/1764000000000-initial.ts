import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableSql } from '@epg/persistence';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of auditTableSql()) await q.query(sql);
    await q.query(`
      CREATE TABLE school (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{10}$'),
        name text NOT NULL,
        type text NOT NULL,
        ownership text NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
        in_poverty_area boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX school_region_idx ON school (region_code text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE school`);
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_entry_append_only`);
  }
}
