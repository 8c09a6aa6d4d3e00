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
 * Which persons are pupils of which school (issue 18 item 7): the schools service's enrolment
 * change feed projected here (`pupil_enrolment`, one row per enrolment of any year and status), so
 * SCHOOL staff read their own school's pupils and those pupils' households only. Looked up by
 * (school, person).
 */
export class PupilEnrolments1764810000001 implements MigrationInterface {
  name = 'PupilEnrolments1764810000001';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of PROJECTION_STATE_TABLE_SQL) await q.query(sql);
    await q.query(`
      CREATE TABLE pupil_enrolment (
        enrolment_id uuid PRIMARY KEY,
        person_id uuid NOT NULL,
        school_id uuid NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX pupil_enrolment_school_person_idx ON pupil_enrolment (school_id, person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pupil_enrolment`);
    await q.query(`DROP TABLE projection_state`);
  }
}
