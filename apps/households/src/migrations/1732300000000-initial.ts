import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTableSql } from '@epg/persistence';

export class Initial1732300000000 implements MigrationInterface {
  name = 'Initial1732300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of auditTableSql()) await q.query(sql);
    await q.query(`
      CREATE TABLE region (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('PROVINCE','CITY','COUNTY','TOWNSHIP','VILLAGE')),
        parent_code text REFERENCES region (code)
      )`);
    await q.query(`CREATE INDEX region_parent_idx ON region (parent_code)`);
    await q.query(`
      CREATE TABLE household (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        registration_number text NOT NULL UNIQUE,
        village_code text NOT NULL REFERENCES region (code)
      )`);
    await q.query(`CREATE INDEX household_village_idx ON household (village_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES household (id),
        name text NOT NULL,
        id_number text NOT NULL,
        village_code text NOT NULL
      )`);
    await q.query(`CREATE INDEX person_household_idx ON person (household_id)`);
    await q.query(`CREATE INDEX person_village_idx ON person (village_code text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person`);
    await q.query(`DROP TABLE household`);
    await q.query(`DROP TABLE region`);
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_entry_append_only`);
  }
}
