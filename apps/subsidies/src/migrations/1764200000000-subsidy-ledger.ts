import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection cursors, per feed and region: the SQL of `projectionStateTableSql()`
 * (@epg/subgraph-kit), frozen here: replaying this migration must not follow later changes of the
 * helper.
 */
const PROJECTION_STATE_TABLE_SQL = [
  `CREATE TABLE projection_state (
       feed text NOT NULL,
       region_code text NOT NULL,
       cursor text,
       refreshed_at timestamptz,
       PRIMARY KEY (feed, region_code)
     )`,
];

/**
 * Versioned policy sets with their rules as data; projections of the households and schools
 * change feeds; entitlements (one live per student, rule and year), eligibility snapshots,
 * payments with idempotency keys, public notices.
 */
export class SubsidyLedger1764200000000 implements MigrationInterface {
  name = 'SubsidyLedger1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE policy_set
        ADD COLUMN code text NOT NULL,
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN rules jsonb NOT NULL,
        ADD COLUMN created_by text NOT NULL,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN superseded_at timestamptz`);
    await q.query(`CREATE UNIQUE INDEX policy_set_code_version_idx ON policy_set (code, version)`);
    await q.query(`CREATE UNIQUE INDEX policy_set_current_idx ON policy_set (code) WHERE superseded_at IS NULL`);
    for (const sql of PROJECTION_STATE_TABLE_SQL) await q.query(sql);
    await q.query(`
      CREATE TABLE person_fact (
        person_id uuid PRIMARY KEY,
        household_id uuid NOT NULL,
        village_code text NOT NULL,
        name text NOT NULL,
        id_number_masked text NOT NULL,
        birth_date date NOT NULL,
        has_disability boolean NOT NULL,
        household_status text NOT NULL,
        household_category text NOT NULL,
        household_exited_on date,
        removed boolean NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE enrolment_fact (
        enrolment_id uuid PRIMARY KEY,
        person_id uuid NOT NULL,
        school_id uuid NOT NULL,
        school_region_code text NOT NULL,
        school_type text NOT NULL,
        school_ownership text NOT NULL,
        academic_year integer NOT NULL,
        stage text NOT NULL,
        grade integer NOT NULL,
        boarding boolean NOT NULL,
        special_education boolean NOT NULL,
        agriculture_major boolean NOT NULL,
        status text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX enrolment_fact_year_region_idx ON enrolment_fact (academic_year, school_region_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE entitlement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        enrolment_id uuid,
        school_id uuid,
        region_code text NOT NULL,
        academic_year integer NOT NULL,
        rule_code text NOT NULL,
        policy_set_id uuid REFERENCES policy_set (id),
        policy_version integer,
        kind text NOT NULL CHECK (kind IN ('CASH','FEE_WAIVER','IN_KIND')),
        beneficiary text NOT NULL CHECK (beneficiary IN ('STUDENT','SCHOOL')),
        amount_fen integer CHECK (amount_fen >= 0),
        funding jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('COMPUTED','APPROVED','PUBLICISED','PAID','CANCELLED')),
        back_pay boolean NOT NULL DEFAULT false,
        source text NOT NULL,
        facts jsonb NOT NULL,
        explanation text NOT NULL,
        paid_fen integer NOT NULL DEFAULT 0 CHECK (paid_fen >= 0 AND (amount_fen IS NULL OR paid_fen <= amount_fen)),
        created_at timestamptz NOT NULL DEFAULT now(),
        approved_at timestamptz,
        approved_by text,
        publicised_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text
      )`);
    // One entitlement per student, rule and year (统一救助标准, 避免重复资助).
    await q.query(`CREATE UNIQUE INDEX entitlement_one_live_idx ON entitlement (person_id, rule_code, academic_year) WHERE status <> 'CANCELLED'`);
    await q.query(`CREATE INDEX entitlement_year_region_idx ON entitlement (academic_year, region_code text_pattern_ops)`);
    await q.query(`CREATE INDEX entitlement_school_idx ON entitlement (school_id, academic_year)`);
    await q.query(`CREATE INDEX entitlement_person_idx ON entitlement (person_id, academic_year)`);
    await q.query(`
      CREATE TABLE eligible_line (
        academic_year integer NOT NULL,
        person_id uuid NOT NULL,
        rule_code text NOT NULL,
        region_code text NOT NULL,
        school_id uuid,
        amount_fen integer,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (academic_year, person_id, rule_code)
      )`);
    await q.query(`CREATE INDEX eligible_line_region_idx ON eligible_line (academic_year, region_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE payment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        entitlement_id uuid NOT NULL REFERENCES entitlement (id),
        amount_fen integer NOT NULL CHECK (amount_fen > 0),
        paid_on date NOT NULL,
        channel text,
        recorded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX payment_entitlement_idx ON payment (entitlement_id)`);
    await q.query(`
      CREATE TABLE subsidy_notice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        academic_year integer NOT NULL,
        region_code text NOT NULL,
        published_on date NOT NULL,
        lines jsonb NOT NULL,
        published_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['subsidy_notice', 'payment', 'eligible_line', 'entitlement', 'enrolment_fact', 'person_fact', 'projection_state']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP INDEX policy_set_current_idx`);
    await q.query(`DROP INDEX policy_set_code_version_idx`);
    await q.query(`ALTER TABLE policy_set DROP COLUMN code, DROP COLUMN version, DROP COLUMN rules, DROP COLUMN created_by, DROP COLUMN created_at, DROP COLUMN superseded_at`);
  }
}
