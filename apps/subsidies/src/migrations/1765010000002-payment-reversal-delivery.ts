import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments can be reversed with a reason (冲正: the bank returned the money, or it was paid in
 * error), once: the reversal is kept on the payment, which stays for the record. Entitlements of
 * in-kind rules record their delivery (实物发放) with the day and a note. Listing a region's
 * payments reads them by entitlement, in date order.
 */
export class PaymentReversalDelivery1765010000002 implements MigrationInterface {
  name = 'PaymentReversalDelivery1765010000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ADD COLUMN reversed_at timestamptz, ADD COLUMN reversed_by text, ADD COLUMN reversal_reason text`);
    await q.query(`ALTER TABLE payment ADD CONSTRAINT payment_reversal_check CHECK ((reversed_at IS NULL) = (reversal_reason IS NULL))`);
    await q.query(`ALTER TABLE entitlement ADD COLUMN delivered_on date, ADD COLUMN delivery_note text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entitlement DROP COLUMN delivered_on, DROP COLUMN delivery_note`);
    await q.query(`ALTER TABLE payment DROP CONSTRAINT payment_reversal_check`);
    await q.query(`ALTER TABLE payment DROP COLUMN reversed_at, DROP COLUMN reversed_by, DROP COLUMN reversal_reason`);
  }
}
