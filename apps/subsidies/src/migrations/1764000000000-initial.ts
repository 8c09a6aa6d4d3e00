import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableSql } from '@epg/persistence';

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of auditTableSql()) await q.query(sql);
    await q.query(`
      CREATE TABLE policy_set (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        region_prefix text NOT NULL CHECK (region_code LIKE region_prefix || '%'),
        from_year integer NOT NULL,
        to_year integer CHECK (to_year IS NULL OR to_year >= from_year),
        exited_keep_benefits boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX policy_set_prefix_idx ON policy_set (region_prefix)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE policy_set`);
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_entry_append_only`);
  }
}
