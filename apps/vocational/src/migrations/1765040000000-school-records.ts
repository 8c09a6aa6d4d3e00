import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One owner for secondary-vocational 学籍 (issue 21): the schools service owns 学籍, and a
 * vocational enrolment is a programme assignment on one of its records.
 * - `vocational_enrolment.school_enrolment_id`: the schools 学籍 (ENROLLED, SECONDARY_VOCATIONAL,
 *   at the programme's school, of the start year) the assignment was made on; null for rows
 *   recorded before this rule (the demo and older data).
 * - `school_record`: the projection of the schools enrolment feed (`schools.enrolmentChanges`),
 *   every stage, read to detect 两后生 (a registered youth who finished junior or senior
 *   secondary without continuing) — never the schools tables.
 * - `non_continuing_graduate.source`: DETECTED (from the registry and 学籍) or FLAGGED (typed by
 *   an officer); the table's other columns are kept (a change feed reads them).
 */
export class SchoolRecords1765040000000 implements MigrationInterface {
  name = 'SchoolRecords1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vocational_enrolment ADD COLUMN school_enrolment_id uuid`);
    await q.query(`CREATE INDEX vocational_enrolment_program_region_idx ON vocational_enrolment (program_id, region_code text_pattern_ops, id)`);
    await q.query(`ALTER TABLE non_continuing_graduate ADD COLUMN source text NOT NULL DEFAULT 'FLAGGED' CHECK (source IN ('DETECTED', 'FLAGGED'))`);
    await q.query(`
      CREATE TABLE school_record (
        enrolment_id uuid PRIMARY KEY,
        person_id uuid NOT NULL,
        school_id uuid NOT NULL,
        school_region_code text NOT NULL,
        school_type text NOT NULL,
        academic_year integer NOT NULL,
        stage text NOT NULL,
        grade integer NOT NULL,
        status text NOT NULL,
        changed_at timestamptz NOT NULL,
        projected_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX school_record_person_idx ON school_record (person_id, academic_year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE school_record`);
    await q.query(`DELETE FROM projection_state WHERE feed = 'schools.enrolmentChanges'`);
    await q.query(`ALTER TABLE non_continuing_graduate DROP COLUMN source`);
    await q.query(`DROP INDEX vocational_enrolment_program_region_idx`);
    await q.query(`ALTER TABLE vocational_enrolment DROP COLUMN school_enrolment_id`);
  }
}
