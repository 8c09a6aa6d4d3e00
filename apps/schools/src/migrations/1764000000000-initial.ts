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

const REGION_CODE = `'^[0-9]{6}([0-9]{3}){0,2}$'`;

export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of AUDIT_TABLE_SQL) await q.query(sql);

    // ── School register ────────────────────────────────────────────────────────────────
    await q.query(`
      CREATE TABLE school (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{10}$'),
        name text NOT NULL CHECK (length(name) > 0),
        type text NOT NULL,
        ownership text NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ ${REGION_CODE}),
        in_poverty_area boolean NOT NULL,
        model_level text CHECK (model_level IN ('PROVINCIAL', 'COUNTY')),
        has_broadband boolean NOT NULL DEFAULT false,
        classrooms integer NOT NULL DEFAULT 0 CHECK (classrooms >= 0),
        multimedia_classrooms integer NOT NULL DEFAULT 0 CHECK (multimedia_classrooms >= 0),
        linked_to_provincial_platform boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX school_region_idx ON school (region_code text_pattern_ops)`);

    // ── Enrolment (学籍) ────────────────────────────────────────────────────────────────
    await q.query(`
      CREATE TABLE enrolment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        school_id uuid NOT NULL REFERENCES school (id),
        region_code text NOT NULL CHECK (region_code ~ ${REGION_CODE}),
        academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
        stage text NOT NULL,
        grade integer NOT NULL CHECK (grade >= 1),
        boarding boolean NOT NULL,
        special_education boolean NOT NULL DEFAULT false,
        agriculture_major boolean NOT NULL DEFAULT false,
        status text NOT NULL,
        enrolled_on date NOT NULL,
        ended_on date,
        transferred_to_id uuid REFERENCES enrolment (id)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX enrolment_one_enrolled_per_year ON enrolment (person_id, academic_year)
      WHERE status = 'ENROLLED'`);
    await q.query(`CREATE INDEX enrolment_person_idx ON enrolment (person_id, academic_year)`);
    await q.query(`CREATE INDEX enrolment_school_year_idx ON enrolment (school_id, academic_year, status)`);
    await q.query(`CREATE INDEX enrolment_region_idx ON enrolment (region_code text_pattern_ops)`);

    // ── Facility gap ledger and improvement projects ────────────────────────────────────
    await q.query(`
      CREATE TABLE facility_gap (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL REFERENCES school (id),
        region_code text NOT NULL,
        category text NOT NULL,
        description text NOT NULL,
        estimated_cost_fen bigint NOT NULL CHECK (estimated_cost_fen >= 0),
        recorded_on date NOT NULL
      )`);
    await q.query(`CREATE INDEX facility_gap_school_idx ON facility_gap (school_id)`);
    await q.query(`CREATE INDEX facility_gap_region_idx ON facility_gap (region_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE improvement_project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid REFERENCES school (id),
        region_code text NOT NULL CHECK (region_code ~ ${REGION_CODE}),
        name text NOT NULL,
        kind text NOT NULL,
        programme text,
        status text NOT NULL,
        budget_fen bigint NOT NULL CHECK (budget_fen >= 0),
        finance_fen bigint NOT NULL DEFAULT 0 CHECK (finance_fen >= 0),
        poverty_loan_fen bigint NOT NULL DEFAULT 0 CHECK (poverty_loan_fen >= 0),
        social_fen bigint NOT NULL DEFAULT 0 CHECK (social_fen >= 0),
        spent_fen bigint NOT NULL DEFAULT 0 CHECK (spent_fen >= 0),
        started_on date,
        completed_on date,
        accepted_on date
      )`);
    await q.query(`CREATE INDEX improvement_project_school_idx ON improvement_project (school_id)`);
    await q.query(`CREATE INDEX improvement_project_region_idx ON improvement_project (region_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE project_status_change (
        id bigserial PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES improvement_project (id),
        status text NOT NULL,
        on_date date NOT NULL,
        note text
      )`);
    await q.query(`CREATE INDEX project_status_change_project_idx ON project_status_change (project_id, on_date)`);
    await q.query(`
      CREATE TABLE project_gap (
        project_id uuid NOT NULL REFERENCES improvement_project (id),
        gap_id uuid NOT NULL REFERENCES facility_gap (id),
        PRIMARY KEY (project_id, gap_id)
      )`);
    await q.query(`CREATE INDEX project_gap_gap_idx ON project_gap (gap_id)`);

    // ── Dropout control (控辍保学) ──────────────────────────────────────────────────────
    await q.query(`
      CREATE TABLE registered_child (
        person_id uuid PRIMARY KEY,
        household_id uuid NOT NULL,
        village_code text NOT NULL,
        name text NOT NULL,
        gender text NOT NULL,
        birth_date date NOT NULL,
        has_disability boolean NOT NULL,
        relation_to_head text NOT NULL,
        household_status text NOT NULL,
        household_category text NOT NULL,
        household_exited_on date,
        removed boolean NOT NULL,
        changed_at timestamptz NOT NULL,
        projected_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX registered_child_village_idx ON registered_child (village_code text_pattern_ops)`);
    await q.query(`CREATE INDEX registered_child_birth_idx ON registered_child (birth_date)`);
    await q.query(`
      CREATE TABLE projection_state (
        region_code text PRIMARY KEY,
        cursor text,
        refreshed_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE dropout_case (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        region_code text NOT NULL,
        academic_year integer NOT NULL,
        status text NOT NULL,
        opened_on date NOT NULL,
        closed_on date,
        close_reason text
      )`);
    await q.query(`CREATE UNIQUE INDEX dropout_case_one_open_per_person ON dropout_case (person_id) WHERE status <> 'CLOSED'`);
    await q.query(`CREATE INDEX dropout_case_region_idx ON dropout_case (region_code text_pattern_ops, status)`);
    await q.query(`
      CREATE TABLE dropout_action (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES dropout_case (id),
        kind text NOT NULL,
        on_date date NOT NULL,
        note text NOT NULL,
        status_after text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dropout_action_case_idx ON dropout_action (case_id, id)`);

    // ── Indicator targets (data per region) ─────────────────────────────────────────────
    await q.query(`
      CREATE TABLE education_target (
        region_code text NOT NULL CHECK (region_code ~ ${REGION_CODE}),
        indicator text NOT NULL,
        from_year integer NOT NULL,
        target numeric(5, 4) NOT NULL CHECK (target >= 0 AND target <= 1),
        source text,
        PRIMARY KEY (region_code, indicator, from_year)
      )`);
    // The targets the dashboards report (domain file): XX county (芦溪县 in the demo) and 宜章县.
    await q.query(`
      INSERT INTO education_target (region_code, indicator, from_year, target, source) VALUES
        ('360323', 'PRESCHOOL_ENROLMENT', 2020, 0.75, 'XX县教育扶贫: 学前三年毛入园率 75% (2020)'),
        ('360323', 'COMPULSORY_RETENTION', 2016, 0.98, 'XX县教育扶贫: 九年义务教育巩固率 98%'),
        ('360323', 'COMPULSORY_ENROLMENT', 2016, 1.00, '建档立卡义务教育阶段适龄儿童入学率 100%'),
        ('431022', 'PRESCHOOL_ENROLMENT', 2016, 0.78, '宜章县: 学前三年毛入园率 78%'),
        ('431022', 'COMPULSORY_RETENTION', 2016, 0.97, '宜章县: 九年义务教育巩固率 97%'),
        ('431022', 'SENIOR_ENROLMENT', 2016, 0.78, '宜章县: 高中阶段毛入学率 78%'),
        ('431022', 'COMPULSORY_ENROLMENT', 2016, 1.00, '建档立卡义务教育阶段适龄儿童入学率 100%')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'education_target',
      'dropout_action',
      'dropout_case',
      'projection_state',
      'registered_child',
      'project_gap',
      'project_status_change',
      'improvement_project',
      'facility_gap',
      'enrolment',
      'school',
      'audit_entry',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION audit_entry_append_only`);
  }
}
