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

const REGION_CHECK = `~ '^[0-9]{6}([0-9]{3}){0,2}$'`;

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of AUDIT_TABLE_SQL) await q.query(sql);

    // Teachers and their dated postings (任职记录).
    await q.query(`
      CREATE TABLE teacher (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        id_number text NOT NULL CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
        gender text NOT NULL CHECK (gender IN ('MALE', 'FEMALE')),
        birth_date date NOT NULL,
        school_id uuid NOT NULL,
        region_code text NOT NULL CHECK (region_code ${REGION_CHECK}),
        post_type text NOT NULL CHECK (post_type IN ('REGULAR', 'SPECIAL_POST', 'DIRECTED', 'SUPPORT', 'SUBSTITUTE')),
        rural boolean NOT NULL,
        hardship_tier integer NOT NULL CHECK (hardship_tier BETWEEN 0 AND 9),
        title text,
        subjects text[] NOT NULL DEFAULT '{}',
        started_on date NOT NULL,
        left_on date,
        CHECK (left_on IS NULL OR left_on >= started_on)
      )`);
    await q.query(`CREATE UNIQUE INDEX teacher_active_id_number_uq ON teacher (id_number) WHERE left_on IS NULL`);
    await q.query(`CREATE INDEX teacher_school_idx ON teacher (school_id)`);
    await q.query(`CREATE INDEX teacher_region_idx ON teacher (region_code text_pattern_ops)`);
    await q.query(`CREATE INDEX teacher_name_idx ON teacher (name, id)`);

    await q.query(`
      CREATE TABLE teacher_posting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        teacher_id uuid NOT NULL REFERENCES teacher (id),
        school_id uuid NOT NULL,
        region_code text NOT NULL CHECK (region_code ${REGION_CHECK}),
        rural boolean NOT NULL,
        hardship_tier integer NOT NULL CHECK (hardship_tier BETWEEN 0 AND 9),
        from_date date NOT NULL,
        to_date date,
        CHECK (to_date IS NULL OR to_date >= from_date)
      )`);
    await q.query(`CREATE INDEX teacher_posting_teacher_idx ON teacher_posting (teacher_id, from_date)`);
    await q.query(`CREATE INDEX teacher_posting_region_idx ON teacher_posting (region_code text_pattern_ops)`);

    // Rural living allowance (乡村教师生活补助) rates: data, per region prefix, hardship tier and period.
    await q.query(`
      CREATE TABLE allowance_rate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_prefix text NOT NULL CHECK (region_prefix ~ '^[0-9]{2,12}$'),
        hardship_tier integer NOT NULL CHECK (hardship_tier BETWEEN 0 AND 9),
        from_month text NOT NULL CHECK (from_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        to_month text CHECK (to_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        monthly_fen integer NOT NULL CHECK (monthly_fen >= 0),
        CHECK (to_month IS NULL OR to_month >= from_month),
        UNIQUE (region_prefix, hardship_tier, from_month)
      )`);

    // Training records (培训记录): hours and completion date, by programme level.
    await q.query(`
      CREATE TABLE training_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        teacher_id uuid NOT NULL REFERENCES teacher (id),
        level text NOT NULL CHECK (level IN ('NATIONAL', 'PROVINCIAL', 'CITY', 'COUNTY', 'SCHOOL')),
        title text NOT NULL,
        hours integer NOT NULL CHECK (hours > 0),
        completed_on date NOT NULL,
        region_code text NOT NULL CHECK (region_code ${REGION_CHECK})
      )`);
    await q.query(`CREATE INDEX training_record_teacher_idx ON training_record (teacher_id, completed_on)`);

    // Exchanges (交流轮岗) and support teaching (支教).
    await q.query(`
      CREATE TABLE teacher_rotation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        teacher_id uuid NOT NULL REFERENCES teacher (id),
        kind text NOT NULL CHECK (kind IN ('ROTATION', 'SUPPORT_TEACHING')),
        manager boolean NOT NULL DEFAULT false,
        from_school_id uuid NOT NULL,
        from_region_code text NOT NULL CHECK (from_region_code ${REGION_CHECK}),
        from_rural boolean NOT NULL,
        to_school_id uuid NOT NULL,
        to_region_code text NOT NULL CHECK (to_region_code ${REGION_CHECK}),
        to_rural boolean NOT NULL,
        start_date date NOT NULL,
        end_date date,
        CHECK (end_date IS NULL OR end_date >= start_date)
      )`);
    await q.query(`CREATE INDEX teacher_rotation_teacher_idx ON teacher_rotation (teacher_id)`);
    await q.query(`CREATE INDEX teacher_rotation_from_school_idx ON teacher_rotation (from_school_id, start_date)`);

    await q.query(`
      CREATE TABLE support_teaching_quota (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_code text NOT NULL CHECK (region_code ${REGION_CHECK}),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        managers integer NOT NULL CHECK (managers >= 0),
        teachers integer NOT NULL CHECK (teachers >= 0),
        UNIQUE (region_code, year)
      )`);

    // School pairing (结对帮扶) and its exchange activities.
    await q.query(`
      CREATE TABLE school_pairing (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        strong_school_id uuid NOT NULL,
        strong_region_code text NOT NULL CHECK (strong_region_code ${REGION_CHECK}),
        supported_school_id uuid NOT NULL,
        region_code text NOT NULL CHECK (region_code ${REGION_CHECK}),
        started_on date NOT NULL,
        ended_on date,
        CHECK (strong_school_id <> supported_school_id),
        CHECK (ended_on IS NULL OR ended_on >= started_on)
      )`);
    await q.query(`
      CREATE TABLE exchange_activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pairing_id uuid NOT NULL REFERENCES school_pairing (id),
        held_on date NOT NULL,
        title text NOT NULL
      )`);
    await q.query(`CREATE INDEX exchange_activity_pairing_idx ON exchange_activity (pairing_id, held_on)`);

    // Mentor pairs (师徒结对).
    await q.query(`
      CREATE TABLE mentor_pair (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mentor_id uuid NOT NULL REFERENCES teacher (id),
        mentee_id uuid NOT NULL REFERENCES teacher (id),
        region_code text NOT NULL CHECK (region_code ${REGION_CHECK}),
        started_on date NOT NULL,
        CHECK (mentor_id <> mentee_id),
        UNIQUE (mentor_id, mentee_id)
      )`);

    // Teacher rental housing (教师周转宿舍).
    await q.query(`
      CREATE TABLE housing_unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        region_code text NOT NULL CHECK (region_code ${REGION_CHECK}),
        label text NOT NULL,
        UNIQUE (school_id, label)
      )`);
    await q.query(`
      CREATE TABLE housing_allocation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES housing_unit (id),
        teacher_id uuid NOT NULL REFERENCES teacher (id),
        from_date date NOT NULL,
        to_date date,
        CHECK (to_date IS NULL OR to_date >= from_date)
      )`);
    await q.query(`CREATE INDEX housing_allocation_unit_idx ON housing_allocation (unit_id, from_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'housing_allocation',
      'housing_unit',
      'mentor_pair',
      'exchange_activity',
      'school_pairing',
      'support_teaching_quota',
      'teacher_rotation',
      'training_record',
      'allowance_rate',
      'teacher_posting',
      'teacher',
      'audit_entry',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION audit_entry_append_only`);
  }
}
