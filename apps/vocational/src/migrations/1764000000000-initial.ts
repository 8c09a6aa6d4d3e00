import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableSql } from '@epg/persistence';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of auditTableSql()) await q.query(sql);
    await q.query(`
      CREATE TABLE vocational_program (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
        major text NOT NULL,
        agricultural boolean NOT NULL,
        duration_years integer NOT NULL CHECK (duration_years BETWEEN 1 AND 5)
      )`);
    await q.query(`CREATE INDEX vocational_program_school_idx ON vocational_program (school_id)`);
    await q.query(`CREATE INDEX vocational_program_region_idx ON vocational_program (region_code text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE vocational_program`);
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_entry_append_only`);
  }
}
