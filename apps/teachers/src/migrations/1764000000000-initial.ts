import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableSql } from '@epg/persistence';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of auditTableSql()) await q.query(sql);
    await q.query(`
      CREATE TABLE teacher (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        school_id uuid NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
        post_type text NOT NULL,
        rural boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX teacher_school_idx ON teacher (school_id)`);
    await q.query(`CREATE INDEX teacher_region_idx ON teacher (region_code text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE teacher`);
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_entry_append_only`);
  }
}
