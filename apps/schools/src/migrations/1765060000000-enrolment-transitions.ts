import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dated history of a 学籍 record (issue 20): each graduation, suspension (休学), resumption,
 * dropout and correction, with its date and reason, so a record's present status can be read
 * back to the officer's acts. A row takes its record's region (the scope of every read).
 */
export class EnrolmentTransitions1765060000000 implements MigrationInterface {
  name = 'EnrolmentTransitions1765060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enrolment_transition (
        id bigserial PRIMARY KEY,
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        region_code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('GRADUATED', 'SUSPENDED', 'RESUMED', 'DROPPED_OUT', 'CORRECTED')),
        on_date date NOT NULL,
        reason text,
        status_after text NOT NULL,
        changes jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX enrolment_transition_enrolment_idx ON enrolment_transition (enrolment_id, on_date, id)`);
    await q.query(`CREATE INDEX enrolment_region_year_idx ON enrolment (academic_year, region_code text_pattern_ops, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enrolment_region_year_idx`);
    await q.query(`DROP TABLE enrolment_transition`);
  }
}
