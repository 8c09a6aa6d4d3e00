import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dropout case's lifecycle (issue 20): why a case closed, as a code (`closed_as`), beside the
 * officer's words (`close_reason`), and the person answering for the child (包保责任人). Old closed
 * cases are backfilled: a scan closed them as ENROLLED, any other closing followed a return.
 */
export class DropoutCaseLifecycle1764910000001 implements MigrationInterface {
  name = 'DropoutCaseLifecycle1764910000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dropout_case ADD COLUMN closed_as text`);
    await q.query(`ALTER TABLE dropout_case ADD COLUMN assignee_name text`);
    await q.query(`ALTER TABLE dropout_case ADD COLUMN assignee_role text`);
    await q.query(`ALTER TABLE dropout_case ADD COLUMN assignee_phone text`);
    await q.query(`UPDATE dropout_case SET closed_as = CASE WHEN close_reason = 'ENROLLED' THEN 'ENROLLED' ELSE 'RETURNED_TO_SCHOOL' END WHERE status = 'CLOSED'`);
    await q.query(`ALTER TABLE dropout_case ADD CONSTRAINT dropout_case_closed_as CHECK ((status = 'CLOSED') = (closed_as IS NOT NULL))`);
    await q.query(`CREATE INDEX dropout_case_year_idx ON dropout_case (academic_year, region_code text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dropout_case_year_idx`);
    await q.query(`ALTER TABLE dropout_case DROP CONSTRAINT dropout_case_closed_as`);
    await q.query(`ALTER TABLE dropout_case DROP COLUMN assignee_phone`);
    await q.query(`ALTER TABLE dropout_case DROP COLUMN assignee_role`);
    await q.query(`ALTER TABLE dropout_case DROP COLUMN assignee_name`);
    await q.query(`ALTER TABLE dropout_case DROP COLUMN closed_as`);
  }
}
