import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit table, append-only (a trigger refuses UPDATE and DELETE): the SQL of `auditTableSql()`
 * (@epg/persistence), frozen here: replaying this migration must not follow later changes of the
 * helper.
 */
const AUDIT_TABLE_SQL = [
  `CREATE TABLE audit_entry (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      subject text NOT NULL,
      role text NOT NULL,
      region_scope text NOT NULL,
      request_id text,
      operation text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      before jsonb,
      after jsonb
    )`,
  `CREATE INDEX audit_entry_entity_idx ON audit_entry (entity_type, entity_id)`,
  `CREATE INDEX audit_entry_at_idx ON audit_entry (at)`,
  `CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$`,
  `CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry
     FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`,
];

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of AUDIT_TABLE_SQL) await q.query(sql);
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
