import type { MigrationInterface, QueryRunner } from 'typeorm';

const REGION_CODE = `'^[0-9]{6}([0-9]{3}){0,2}$'`;

/**
 * University admissions (高考录取), recorded where 学籍 lives: one row per admission of a person
 * in an academic year, checked against the senior-secondary 学籍 it follows. A correction
 * rewrites the row, a withdrawal marks it WITHDRAWN (never deleted: the change feed carries it to
 * subsidies, whose university grants follow it). The feed columns and trigger are those of the
 * enrolment feed; an admission follows its 学籍 when the school moves region (as the 学籍 follows
 * its school), so both stay in the same scope.
 */
export class UniversityAdmission1765030000000 implements MigrationInterface {
  name = 'UniversityAdmission1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE university_admission_change_seq`);
    await q.query(`
      CREATE TABLE university_admission (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        enrolment_id uuid NOT NULL REFERENCES enrolment (id),
        school_id uuid NOT NULL REFERENCES school (id),
        region_code text NOT NULL CHECK (region_code ~ ${REGION_CODE}),
        academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
        university text NOT NULL CHECK (length(university) BETWEEN 1 AND 200),
        in_province boolean NOT NULL,
        admitted_on date NOT NULL,
        status text NOT NULL DEFAULT 'ADMITTED' CHECK (status IN ('ADMITTED', 'WITHDRAWN')),
        withdrawal_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        changed_at timestamptz NOT NULL DEFAULT now(),
        change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        change_seq bigint NOT NULL DEFAULT nextval('university_admission_change_seq')
      )`);
    await q.query(`
      CREATE UNIQUE INDEX university_admission_one_per_year ON university_admission (person_id, academic_year)
      WHERE status = 'ADMITTED'`);
    await q.query(`CREATE INDEX university_admission_region_idx ON university_admission (region_code text_pattern_ops, academic_year)`);
    await q.query(`CREATE INDEX university_admission_enrolment_idx ON university_admission (enrolment_id)`);
    await q.query(`CREATE INDEX university_admission_school_idx ON university_admission (school_id)`);
    await q.query(`CREATE INDEX university_admission_change_idx ON university_admission (change_xid, change_seq)`);
    await q.query(`
      CREATE FUNCTION university_admission_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.changed_at := now();
        NEW.change_xid := pg_current_xact_id();
        NEW.change_seq := nextval('university_admission_change_seq');
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER university_admission_touch BEFORE INSERT OR UPDATE ON university_admission FOR EACH ROW EXECUTE FUNCTION university_admission_touch()`,
    );
    await q.query(`
      CREATE FUNCTION enrolment_announce_admissions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE university_admission SET region_code = NEW.region_code WHERE enrolment_id = NEW.id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER enrolment_announce_admissions AFTER UPDATE ON enrolment FOR EACH ROW
      WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code)
      EXECUTE FUNCTION enrolment_announce_admissions()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER enrolment_announce_admissions ON enrolment`);
    await q.query(`DROP FUNCTION enrolment_announce_admissions`);
    await q.query(`DROP TABLE university_admission`);
    await q.query(`DROP FUNCTION university_admission_touch`);
    await q.query(`DROP SEQUENCE university_admission_change_seq`);
  }
}
