import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts the university grants and C-VOC-TWO need, projected like person and enrolment facts:
 * university admissions (高考录取) from the schools service's `universityAdmissionChanges`, and
 * 两后生 rows from the vocational service's `nonContinuingGraduateChanges`. Withdrawn admissions and
 * removed 两后生 rows stay, marked, so a recomputation stops what they no longer support.
 */
export class AdmissionAndTwoAfterFacts1765030000000 implements MigrationInterface {
  name = 'AdmissionAndTwoAfterFacts1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE university_admission_fact (
        admission_id uuid PRIMARY KEY,
        person_id uuid NOT NULL,
        enrolment_id uuid NOT NULL,
        school_id uuid NOT NULL,
        region_code text NOT NULL,
        academic_year integer NOT NULL,
        university text NOT NULL,
        in_province boolean NOT NULL,
        admitted_on date NOT NULL,
        withdrawn boolean NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX university_admission_fact_year_region_idx ON university_admission_fact (academic_year, region_code text_pattern_ops)`);
    await q.query(`CREATE INDEX university_admission_fact_person_idx ON university_admission_fact (person_id)`);
    await q.query(`
      CREATE TABLE non_continuing_graduate_fact (
        person_id uuid NOT NULL,
        year integer NOT NULL,
        region_code text NOT NULL,
        removed boolean NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (person_id, year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE non_continuing_graduate_fact`);
    await q.query(`DROP TABLE university_admission_fact`);
    await q.query(`DELETE FROM projection_state WHERE feed IN ('schools.universityAdmissionChanges', 'vocational.nonContinuingGraduateChanges')`);
  }
}
