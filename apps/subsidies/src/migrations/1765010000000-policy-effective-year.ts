import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A policy-set version may name the first academic year it governs (生效学年): computations of
 * earlier years keep the previous version's amounts instead of being rewritten by the amendment.
 * Existing versions get NULL: every year of their set, as before.
 */
export class PolicyEffectiveYear1765010000000 implements MigrationInterface {
  name = 'PolicyEffectiveYear1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy_set ADD COLUMN effective_from_year integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy_set DROP COLUMN effective_from_year`);
  }
}
