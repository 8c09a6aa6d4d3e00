import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * projection_state keyed by (feed, region_code), the cursors so far under
 * 'households.personChanges': the SQL of `upgradeProjectionStateSql('households.personChanges')`
 * (@epg/subgraph-kit), frozen here: replaying this migration must not follow later changes of the
 * helper.
 */
const UPGRADE_PROJECTION_STATE_SQL = [
  `ALTER TABLE projection_state ADD COLUMN feed text NOT NULL DEFAULT 'households.personChanges'`,
  `ALTER TABLE projection_state ALTER COLUMN feed DROP DEFAULT`,
  `ALTER TABLE projection_state DROP CONSTRAINT projection_state_pkey`,
  `ALTER TABLE projection_state ADD PRIMARY KEY (feed, region_code)`,
];

/**
 * The way back, keeping the 'households.personChanges' cursors: the SQL of
 * `downgradeProjectionStateSql('households.personChanges')`.
 */
const DOWNGRADE_PROJECTION_STATE_SQL = [
  `DELETE FROM projection_state WHERE feed <> 'households.personChanges'`,
  `ALTER TABLE projection_state DROP CONSTRAINT projection_state_pkey`,
  `ALTER TABLE projection_state DROP COLUMN feed`,
  `ALTER TABLE projection_state ADD PRIMARY KEY (region_code)`,
];

/** projection_state keys its cursors by feed and region (the shared projection helper's shape). */
export class ProjectionFeeds1764300000000 implements MigrationInterface {
  name = 'ProjectionFeeds1764300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of UPGRADE_PROJECTION_STATE_SQL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of DOWNGRADE_PROJECTION_STATE_SQL) await q.query(sql);
  }
}
