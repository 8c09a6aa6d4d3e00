import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hardship tier is the school's (issue 21): `school_hardship` holds each school's rural flag
 * and tier (0 = town, 1–9 ever harder places), which postings and 支教 stays take. Backfilled
 * from the latest posting at each school. Its region is the school's, as the schools service
 * answered it when the row was written.
 */
export class SchoolHardship1764930000000 implements MigrationInterface {
  name = 'SchoolHardship1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE school_hardship (
        school_id uuid PRIMARY KEY,
        region_code text COLLATE "C" NOT NULL CHECK (region_code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
        rural boolean NOT NULL,
        hardship_tier integer NOT NULL CHECK (hardship_tier BETWEEN 0 AND 9),
        CHECK (rural OR hardship_tier = 0)
      )`);
    await q.query(`CREATE INDEX school_hardship_region_idx ON school_hardship (region_code)`);
    await q.query(`
      INSERT INTO school_hardship (school_id, region_code, rural, hardship_tier)
      SELECT DISTINCT ON (school_id) school_id, region_code, rural, hardship_tier
        FROM teacher_posting
       ORDER BY school_id, from_date DESC, to_date DESC NULLS FIRST`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE school_hardship`);
  }
}
