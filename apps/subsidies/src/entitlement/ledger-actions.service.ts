import { z } from 'zod';
import { dateBetween, EARLIEST_LEDGER_DATE, isoDateSchema } from '@epg/domain';
import { isUuid, type ScopedData } from '@epg/persistence';
import { badField, badUserInput, conflict, notFound, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { refreshCoverageRollup } from '../coverage-rollup/coverage-rollup';
import { EntitlementEntity } from './entitlement.entities';
import { cancelRefusal, deliveryRefusal, handCancelReason } from './ledger-actions';
import { paymentRequirement, SUBSIDY_APPROVE } from './ledger-rights';
import { presenceRefusal } from './presence';
import { presenceFactsOf } from './presence.repository';

/** One entitlement by id inside the caller's scope (SCHOOL staff: never — they reach no write here), locked. */
async function lockLine(data: ScopedData, id: string): Promise<EntitlementEntity> {
  const line = isUuid(id)
    ? await data.repository(EntitlementEntity).query('e').setLock('pessimistic_write').andWhere('e.id = :id::uuid', { id }).getOne()
    : null;
  if (!line) throw notFound(`entitlement ${id}`);
  return line;
}

const cancelSchema = z.object({ id: z.string(), reason: z.string().trim().min(2, 'give the reason for the cancellation').max(500) });

/**
 * Cancels an entitlement by hand with a reason (`subsidy:approve`): any line not cancelled yet,
 * paid or not — with money paid, the paid part goes on the recovery list (应退/追回). Its open
 * top-ups go with it. A recomputation does not create the line again (an officer's decision).
 */
export function cancelEntitlement(ctx: BaseContext, rawArgs: unknown): Promise<EntitlementEntity> {
  return write(ctx, { operation: 'cancelEntitlement', scope: SUBSIDY_APPROVE }, async (tx) => {
    const { id, reason } = parseInput(cancelSchema, rawArgs, 'arguments');
    const line = await lockLine(tx.data, id);
    const refusal = cancelRefusal(line);
    if (refusal) throw conflict(refusal);
    const cancelReason = handCancelReason(line, reason);
    const topUps: { id: string }[] = await tx.manager.query(
      `UPDATE entitlement SET status = 'CANCELLED', cancelled_at = now(), cancelled_by = $2, cancel_reason = $3
        WHERE id = $1 OR (top_up_of = $1 AND status IN ('COMPUTED', 'APPROVED', 'PUBLICISED'))
        RETURNING id`,
      [line.id, ctx.principal.subject, cancelReason],
    );
    await refreshCoverageRollup(tx.manager, [line.regionCode], line.academicYear);
    tx.audit({
      operation: 'cancelEntitlement',
      regionCode: line.regionCode,
      entityType: 'Entitlement',
      entityId: line.id,
      before: { status: line.status, paidFen: line.paidFen },
      after: { status: 'CANCELLED', reason, topUpsCancelled: topUps.map((t) => t.id).filter((t) => t !== line.id) },
    });
    return { ...line, status: 'CANCELLED', cancelReason, cancelledAt: new Date(), cancelledBy: ctx.principal.subject };
  });
}

const deliverySchema = z.object({
  entitlementId: z.string(),
  deliveredOn: isoDateSchema,
  note: z.string().trim().max(500).nullish(),
});

/**
 * Records the delivery of a benefit in kind (实物发放; `subsidy:pay`, a department system
 * `payment:write` as for payments): the publicised in-kind line becomes PAID (delivered), with
 * the day and a note. A cash or waiver line refuses it (BAD_USER_INPUT naming entitlementId); a
 * student not there (名在人不在) is refused like a payment.
 */
export function recordInKindDelivery(ctx: BaseContext, rawArgs: unknown): Promise<EntitlementEntity> {
  return write(ctx, { operation: 'recordInKindDelivery', ...paymentRequirement(ctx.principal) }, async (tx) => {
    const input = parseInput(deliverySchema, rawArgs, 'arguments');
    const implausible = dateBetween(input.deliveredOn, { from: EARLIEST_LEDGER_DATE });
    if (implausible) throw badUserInput(`deliveredOn: ${implausible}`, [{ path: 'deliveredOn', message: implausible }]);
    const line = await lockLine(tx.data, input.entitlementId);
    const refusal = deliveryRefusal(line);
    if (refusal?.field) throw badField(refusal.field, refusal.message);
    if (refusal) throw conflict(refusal.message);
    const absent = presenceRefusal(line, await presenceFactsOf(tx.manager, line.personId, line.academicYear));
    if (absent) throw conflict(absent);
    const note = input.note ?? null;
    await tx.manager.query(`UPDATE entitlement SET status = 'PAID', delivered_on = $2, delivery_note = $3 WHERE id = $1`, [line.id, input.deliveredOn, note]);
    await refreshCoverageRollup(tx.manager, [line.regionCode], line.academicYear);
    tx.audit({
      operation: 'recordInKindDelivery',
      regionCode: line.regionCode,
      entityType: 'Entitlement',
      entityId: line.id,
      before: { status: line.status },
      after: { status: 'PAID', deliveredOn: input.deliveredOn, note },
    });
    return { ...line, status: 'PAID', deliveredOn: input.deliveredOn, deliveryNote: note };
  });
}
