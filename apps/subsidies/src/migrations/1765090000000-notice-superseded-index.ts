import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notice's `superseded_by` leads with an index like every foreign key: reading which notice a
 * corrected one replaced (`WHERE superseded_by = $1`) is an index lookup, not a scan of every
 * school's notices.
 */
export class NoticeSupersededIndex1765090000000 implements MigrationInterface {
  name = 'NoticeSupersededIndex1765090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX subsidy_notice_superseded_by_idx ON subsidy_notice (superseded_by) WHERE superseded_by IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX subsidy_notice_superseded_by_idx`);
  }
}
