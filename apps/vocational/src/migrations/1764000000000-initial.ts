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

const REGION_CODE = `CHECK (region_code ~ '^[0-9]{6}([0-9]{3}){0,2}$')`;

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of AUDIT_TABLE_SQL) await q.query(sql);
    await q.query(`
      CREATE TABLE vocational_program (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        region_code text NOT NULL ${REGION_CODE},
        major text NOT NULL CHECK (length(major) BETWEEN 1 AND 100),
        agricultural boolean NOT NULL,
        duration_years integer NOT NULL CHECK (duration_years BETWEEN 1 AND 5),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX vocational_program_school_idx ON vocational_program (school_id)`);
    await q.query(`CREATE INDEX vocational_program_region_idx ON vocational_program (region_code text_pattern_ops, id)`);

    // One row per enrolment of a person in a programme; region_code is the person's village.
    await q.query(`
      CREATE TABLE vocational_enrolment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        region_code text NOT NULL ${REGION_CODE},
        program_id uuid NOT NULL REFERENCES vocational_program (id),
        start_year integer NOT NULL CHECK (start_year BETWEEN 2000 AND 2100),
        status text NOT NULL CHECK (status IN ('ENROLLED', 'GRADUATED', 'WITHDRAWN')),
        non_continuing_graduate boolean NOT NULL DEFAULT false,
        ended_on date,
        end_academic_year integer,
        withdrawal_reason text,
        employed boolean,
        employer text,
        employed_since date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'ENROLLED') = (ended_on IS NULL)),
        CHECK ((ended_on IS NULL) = (end_academic_year IS NULL)),
        CHECK (employed IS NULL OR status = 'GRADUATED')
      )`);
    await q.query(`CREATE UNIQUE INDEX vocational_enrolment_live_idx ON vocational_enrolment (person_id) WHERE status = 'ENROLLED'`);
    await q.query(`CREATE INDEX vocational_enrolment_person_idx ON vocational_enrolment (person_id)`);
    await q.query(`CREATE INDEX vocational_enrolment_program_idx ON vocational_enrolment (program_id)`);
    await q.query(`CREATE INDEX vocational_enrolment_region_idx ON vocational_enrolment (region_code text_pattern_ops)`);

    await q.query(`
      CREATE TABLE skills_training (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        region_code text NOT NULL ${REGION_CODE},
        kind text NOT NULL CHECK (kind IN ('NEW_PROFESSIONAL_FARMER', 'MIGRANT_TRANSFER', 'PRACTICAL_TECHNIQUE', 'ENTREPRENEURSHIP', 'RAIN_DEW')),
        hours integer NOT NULL CHECK (hours > 0),
        completed_on date NOT NULL,
        certificate text,
        employed_after boolean,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX skills_training_person_idx ON skills_training (person_id)`);
    await q.query(`CREATE INDEX skills_training_region_idx ON skills_training (region_code text_pattern_ops)`);

    // 两后生: people flagged as junior/senior graduates who did not continue general schooling.
    await q.query(`
      CREATE TABLE non_continuing_graduate (
        person_id uuid PRIMARY KEY,
        region_code text NOT NULL ${REGION_CODE},
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        flagged_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX non_continuing_graduate_region_idx ON non_continuing_graduate (region_code text_pattern_ops)`);

    // Projection of the households change feed: who belongs to which household (never their tables).
    await q.query(`
      CREATE TABLE household_member (
        person_id uuid PRIMARY KEY,
        household_id uuid NOT NULL,
        village_code text NOT NULL,
        birth_date date NOT NULL,
        household_status text NOT NULL,
        removed boolean NOT NULL,
        changed_at timestamptz NOT NULL,
        projected_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX household_member_household_idx ON household_member (household_id)`);
    await q.query(`CREATE INDEX household_member_village_idx ON household_member (village_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE projection_state (
        region_code text PRIMARY KEY,
        cursor text,
        refreshed_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projection_state`);
    await q.query(`DROP TABLE household_member`);
    await q.query(`DROP TABLE non_continuing_graduate`);
    await q.query(`DROP TABLE skills_training`);
    await q.query(`DROP TABLE vocational_enrolment`);
    await q.query(`DROP TABLE vocational_program`);
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_entry_append_only`);
  }
}
