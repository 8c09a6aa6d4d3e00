import type { MigrationInterface, QueryRunner } from 'typeorm';
import { downgradeProjectionStateSql, upgradeProjectionStateSql } from '@epg/subgraph-kit';

/** projection_state keys its cursors by feed and region (the shared projection helper's shape). */
export class ProjectionFeeds1764300000000 implements MigrationInterface {
  name = 'ProjectionFeeds1764300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of upgradeProjectionStateSql('households.personChanges')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of downgradeProjectionStateSql('households.personChanges')) await q.query(sql);
  }
}
