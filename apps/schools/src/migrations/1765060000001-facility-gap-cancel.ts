import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A facility gap can be cancelled (issue 20: recorded in error, or met without a project), dated and
 * with a reason; a cancelled gap no longer counts as outstanding. Projects are listed by programme.
 */
export class FacilityGapCancel1765060000001 implements MigrationInterface {
  name = 'FacilityGapCancel1765060000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE facility_gap ADD COLUMN cancelled_on date`);
    await q.query(`ALTER TABLE facility_gap ADD COLUMN cancel_reason text`);
    await q.query(`ALTER TABLE facility_gap ADD CONSTRAINT facility_gap_cancelled CHECK ((cancelled_on IS NULL) = (cancel_reason IS NULL))`);
    await q.query(`CREATE INDEX improvement_project_programme_idx ON improvement_project (programme, region_code text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX improvement_project_programme_idx`);
    await q.query(`ALTER TABLE facility_gap DROP CONSTRAINT facility_gap_cancelled`);
    await q.query(`ALTER TABLE facility_gap DROP COLUMN cancel_reason`);
    await q.query(`ALTER TABLE facility_gap DROP COLUMN cancelled_on`);
  }
}
