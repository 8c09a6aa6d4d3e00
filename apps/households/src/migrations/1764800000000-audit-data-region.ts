import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail by the region of the data (issue 18): `data_region` is the region of the data
 * read or written, and the trail of a region lists the entries whose data lies in it, whoever
 * acted (before, an auditor of a county never saw province staff changing the county's data).
 * Old entries name no data region: they are backfilled with the actor's (`region_scope`), the
 * scope the trail used until now. `client_request_id` keeps the caller's own `x-request-id`
 * apart from the gateway's (`request_id`). The SQL of `auditTableSql()` (@epg/persistence) as of
 * this change, frozen here.
 */
export class AuditDataRegion1764800000000 implements MigrationInterface {
  name = 'AuditDataRegion1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entry ADD COLUMN data_region text`);
    await q.query(`ALTER TABLE audit_entry ADD COLUMN client_request_id text`);
    // The trail is append-only (a trigger refuses UPDATE): the one backfill runs with it paused.
    await q.query(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change`);
    await q.query(`UPDATE audit_entry SET data_region = region_scope`);
    await q.query(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_change`);
    await q.query(`ALTER TABLE audit_entry ALTER COLUMN data_region SET NOT NULL`);
    await q.query(`CREATE INDEX audit_entry_data_region_idx ON audit_entry (data_region text_pattern_ops, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_entry_data_region_idx`);
    await q.query(`ALTER TABLE audit_entry DROP COLUMN client_request_id`);
    await q.query(`ALTER TABLE audit_entry DROP COLUMN data_region`);
  }
}
