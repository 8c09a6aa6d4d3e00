import { z } from 'zod';
import { isUuid } from '@epg/persistence';
import { conflict, notFound, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { refreshCoverageRollup } from '../coverage-rollup/coverage-rollup';
import type { EntitlementStatus, RegionCode } from '@epg/domain';
import type { PaymentEntity } from '../entitlement/entitlement.entities';
import { SUBSIDY_PAY } from '../entitlement/ledger-rights';
import { afterReversal, reversalRefusal } from './payment-rules';

const reverseSchema = z.object({
  paymentId: z.string(),
  reason: z.string().trim().min(2, 'give the reason for the reversal').max(500),
});

/**
 * Reverses a payment (冲正; `subsidy:pay`) with a reason: the payment stays, marked reversed; its
 * entitlement's paid amount drops by it (a PAID line becomes payable again; a stopped line has
 * less to recover). Once only: a second reversal is CONFLICT, naming the first. A payment outside
 * the caller's region (its entitlement's) is NOT_FOUND. The reversal is audited.
 */
export function reverseSubsidyPayment(ctx: BaseContext, rawArgs: unknown): Promise<PaymentEntity> {
  return write(ctx, { operation: 'reverseSubsidyPayment', scope: SUBSIDY_PAY }, async (tx) => {
    const { paymentId, reason } = parseInput(reverseSchema, rawArgs, 'arguments');
    if (!isUuid(paymentId)) throw notFound(`payment ${paymentId}`);
    const [row] = await tx.data.query<PaymentEntity & { status: EntitlementStatus; linePaidFen: number; regionCode: RegionCode; academicYear: number }>(
      (region) =>
        `SELECT p.id, p.idempotency_key AS "idempotencyKey", p.key_region AS "keyRegion", p.entitlement_id AS "entitlementId",
                p.amount_fen AS "amountFen", p.paid_on AS "paidOn", p.channel, p.recorded_by AS "recordedBy",
                p.reversed_at AS "reversedAt", p.reversed_by AS "reversedBy", p.reversal_reason AS "reversalReason",
                e.status, e.paid_fen AS "linePaidFen", e.region_code AS "regionCode", e.academic_year AS "academicYear"
           FROM payment p JOIN entitlement e ON e.id = p.entitlement_id
          WHERE p.id = $2 AND ${region('e.region_code')}
          FOR UPDATE OF p, e`,
      [paymentId],
    );
    if (!row) throw notFound(`payment ${paymentId}`);
    const refusal = reversalRefusal(row);
    if (refusal) throw conflict(refusal);
    const line = afterReversal({ status: row.status as 'PAID', paidFen: row.linePaidFen }, row.amountFen);
    const [reversed] = await tx.manager.query(
      `UPDATE payment SET reversed_at = now(), reversed_by = $2, reversal_reason = $3 WHERE id = $1 RETURNING reversed_at AS "reversedAt"`,
      [row.id, ctx.principal.subject, reason],
    );
    await tx.manager.query(`UPDATE entitlement SET paid_fen = $2, status = $3 WHERE id = $1`, [row.entitlementId, line.paidFen, line.status]);
    await refreshCoverageRollup(tx.manager, [row.regionCode], row.academicYear);
    tx.audit({
      operation: 'reverseSubsidyPayment',
      regionCode: row.regionCode,
      entityType: 'Payment',
      entityId: row.id,
      before: { amountFen: row.amountFen, linePaidFen: row.linePaidFen, lineStatus: row.status },
      after: { reversed: true, reason, linePaidFen: line.paidFen, lineStatus: line.status },
    });
    const { status: _status, linePaidFen: _paid, regionCode: _region, academicYear: _year, ...payment } = row;
    return { ...payment, reversedAt: reversed[0].reversedAt, reversedBy: ctx.principal.subject, reversalReason: reason };
  });
}
