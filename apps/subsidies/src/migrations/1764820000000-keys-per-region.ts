import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment idempotency keys and policy-set codes belong to a region, not to the whole graph.
 *
 * With global keys a county could squat another county's key (its payment then failed as a
 * "different payment", naming the other's id) or replay it (and got the other county's
 * payment back); with global set codes a county could not name its set `A` because Jiangxi's
 * county had. Now:
 *   - a payment records the region of the caller who recorded it (`key_region`), and a key is
 *     unique per (key_region, idempotency_key); existing payments take their entitlement's
 *     region (their keys were globally unique, so no two collide);
 *   - a policy set's code is unique per region: one current version per (region_code, code), and
 *     versions per (region_code, code, version).
 */
export class KeysPerRegion1764820000000 implements MigrationInterface {
  name = 'KeysPerRegion1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ADD COLUMN key_region text`);
    await q.query(`UPDATE payment p SET key_region = e.region_code FROM entitlement e WHERE e.id = p.entitlement_id`);
    await q.query(`ALTER TABLE payment ALTER COLUMN key_region SET NOT NULL`);
    await q.query(`ALTER TABLE payment ADD CONSTRAINT payment_key_region_check CHECK (key_region ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$')`);
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_idempotency_key_key`);
    await q.query(`CREATE UNIQUE INDEX payment_region_key_idx ON payment (key_region, idempotency_key)`);

    await q.query(`DROP INDEX policy_set_current_idx`);
    await q.query(`DROP INDEX policy_set_code_version_idx`);
    await q.query(`CREATE UNIQUE INDEX policy_set_region_code_version_idx ON policy_set (region_code, code, version)`);
    await q.query(`CREATE UNIQUE INDEX policy_set_region_current_idx ON policy_set (region_code, code) WHERE superseded_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX policy_set_region_current_idx`);
    await q.query(`DROP INDEX policy_set_region_code_version_idx`);
    await q.query(`CREATE UNIQUE INDEX policy_set_code_version_idx ON policy_set (code, version)`);
    await q.query(`CREATE UNIQUE INDEX policy_set_current_idx ON policy_set (code) WHERE superseded_at IS NULL`);

    await q.query(`DROP INDEX payment_region_key_idx`);
    await q.query(`ALTER TABLE payment ADD CONSTRAINT payment_idempotency_key_key UNIQUE (idempotency_key)`);
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_key_region_check`);
    await q.query(`ALTER TABLE payment DROP COLUMN key_region`);
  }
}
