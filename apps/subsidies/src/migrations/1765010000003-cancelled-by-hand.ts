import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An entitlement cancelled by hand (an officer's decision, with a reason) records who cancelled
 * it: a recomputation never creates that student's line for the rule and year again, where it
 * would recreate a line the engine itself had cancelled. The partial index serves that check.
 */
export class CancelledByHand1765010000003 implements MigrationInterface {
  name = 'CancelledByHand1765010000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entitlement ADD COLUMN cancelled_by text`);
    await q.query(`CREATE INDEX entitlement_cancelled_by_hand_idx ON entitlement (person_id, rule_code, academic_year) WHERE cancelled_by IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX entitlement_cancelled_by_hand_idx`);
    await q.query(`ALTER TABLE entitlement DROP COLUMN cancelled_by`);
  }
}
