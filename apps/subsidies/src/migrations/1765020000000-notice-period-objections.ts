import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public notices (公示) get their notice period, objections and corrections:
 *   - `period_start` / `period_end`: the days the list is posted (see notice/notice-period.ts; existing
 *     notices take their publication day and the 5th working day from it);
 *   - `superseded_by` / `superseded_at`: a corrected notice for the same school and year replaces the
 *     one before (kept, readable, linked to its successor). One current notice per school and year:
 *     where earlier publications left several, the newest stays current and the older ones are linked
 *     to it (the reference is checked at commit: the old notice names its successor before it is inserted);
 *   - `subsidy_notice_objection`: objections received during the period (异议) and how they were
 *     resolved, in the notice's region.
 */
export class NoticePeriodObjections1765020000000 implements MigrationInterface {
  name = 'NoticePeriodObjections1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE subsidy_notice
        ADD COLUMN period_start date,
        ADD COLUMN period_end date,
        ADD COLUMN superseded_by uuid REFERENCES subsidy_notice (id) DEFERRABLE INITIALLY DEFERRED,
        ADD COLUMN superseded_at timestamptz`);
    await q.query(`
      UPDATE subsidy_notice n SET period_start = n.published_on,
        period_end = (SELECT d::date FROM generate_series(n.published_on, n.published_on + 14, interval '1 day') d
                       WHERE extract(isodow FROM d) < 6 ORDER BY d OFFSET 4 LIMIT 1)`);
    await q.query(`ALTER TABLE subsidy_notice ALTER COLUMN period_start SET NOT NULL, ALTER COLUMN period_end SET NOT NULL`);
    await q.query(`ALTER TABLE subsidy_notice ADD CONSTRAINT subsidy_notice_period_check CHECK (period_end >= period_start)`);
    await q.query(`
      WITH ranked AS (
        SELECT id, first_value(id) OVER w AS newest, row_number() OVER w AS n
          FROM subsidy_notice WINDOW w AS (PARTITION BY school_id, academic_year ORDER BY created_at DESC, id DESC))
      UPDATE subsidy_notice s SET superseded_by = r.newest, superseded_at = now() FROM ranked r WHERE r.id = s.id AND r.n > 1`);
    await q.query(`CREATE UNIQUE INDEX subsidy_notice_current_idx ON subsidy_notice (school_id, academic_year) WHERE superseded_by IS NULL`);
    await q.query(`CREATE INDEX subsidy_notice_region_idx ON subsidy_notice (region_code text_pattern_ops, academic_year)`);
    await q.query(`
      CREATE TABLE subsidy_notice_objection (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notice_id uuid NOT NULL REFERENCES subsidy_notice (id),
        region_code text NOT NULL,
        summary text NOT NULL,
        received_on date NOT NULL,
        recorded_by text NOT NULL,
        resolution text,
        resolved_on date,
        resolved_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((resolution IS NULL) = (resolved_on IS NULL))
      )`);
    await q.query(`CREATE INDEX subsidy_notice_objection_notice_idx ON subsidy_notice_objection (notice_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subsidy_notice_objection`);
    await q.query(`DROP INDEX subsidy_notice_region_idx`);
    await q.query(`DROP INDEX subsidy_notice_current_idx`);
    await q.query(`ALTER TABLE subsidy_notice DROP CONSTRAINT subsidy_notice_period_check`);
    await q.query(`ALTER TABLE subsidy_notice DROP COLUMN superseded_at, DROP COLUMN superseded_by, DROP COLUMN period_end, DROP COLUMN period_start`);
  }
}
