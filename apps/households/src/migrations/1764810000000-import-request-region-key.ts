import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import idempotency keys belong to the caller's region (issue 18 item 11) and stand for one batch
 * (issue 20 item 5):
 * - `region_code`: the importing caller's region; the key is unique per (region, key), so another
 *   county's same key is a fresh key there and never answers this one's result. Existing keys take
 *   the region of their import's audit entry (`region_scope`, the actor's region); a key without
 *   one gets '' — no caller's region — and is never replayed again (a re-sent batch is checked
 *   against the ledger like a new one, so it registers nobody twice).
 * - `payload_hash`: sha256 of the batch's canonical JSON; null for keys stored before it (their
 *   replays are not compared).
 */
export class ImportRequestRegionKey1764810000000 implements MigrationInterface {
  name = 'ImportRequestRegionKey1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_request ADD COLUMN region_code text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE import_request ADD COLUMN payload_hash text`);
    await q.query(`
      UPDATE import_request r SET region_code = a.region_scope
        FROM (SELECT DISTINCT ON (entity_id) entity_id, region_scope FROM audit_entry
               WHERE operation = 'importHouseholds' AND entity_type = 'ImportRequest' ORDER BY entity_id, id) a
       WHERE a.entity_id = r.idempotency_key`);
    await q.query(`ALTER TABLE import_request ALTER COLUMN region_code DROP DEFAULT`);
    await q.query(`ALTER TABLE import_request DROP CONSTRAINT import_request_pkey`);
    await q.query(`ALTER TABLE import_request ADD PRIMARY KEY (region_code, idempotency_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The way back keeps one row per key (the earliest), as the global key allowed only one.
    await q.query(`DELETE FROM import_request r USING import_request o
                    WHERE o.idempotency_key = r.idempotency_key AND (o.created_at, o.region_code) < (r.created_at, r.region_code)`);
    await q.query(`ALTER TABLE import_request DROP CONSTRAINT import_request_pkey`);
    await q.query(`ALTER TABLE import_request ADD PRIMARY KEY (idempotency_key)`);
    await q.query(`ALTER TABLE import_request DROP COLUMN payload_hash`);
    await q.query(`ALTER TABLE import_request DROP COLUMN region_code`);
  }
}
