import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { academicYearSchema, fenSchema, isoDateSchema, todayIso, type RegionCode, type Stage } from '@epg/domain';
import type { Principal } from '@epg/auth';
import { isUniqueViolation, isUuid, type ScopedData } from '@epg/persistence';
import { badUserInput, conflict, notFound, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { refreshCoverageRollup } from '../coverage-rollup/coverage-rollup';
import { EntitlementEntity, PaymentEntity } from './entitlement.entities';
import { mayNameRow, paymentRequirement, SUBSIDY_APPROVE } from './ledger-rights';
import { paymentRefusal } from './payment-rules';
import { presenceRefusal } from './presence';
import { presenceFactsOf } from './presence.repository';
import { checkDepartmentLine } from './department-lines';
import { governingSetOf } from '../policy/policy-set.repository';
import { findSetsInForce } from './sets-in-force';

/** Entitlements by id inside the caller's scope, locked for the rest of the transaction. */
function lockEntitlements(data: ScopedData, ids: readonly string[]): Promise<EntitlementEntity[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return Promise.resolve([]);
  return data
    .repository(EntitlementEntity)
    .query('e')
    .setLock('pessimistic_write')
    .andWhere('e.id = ANY(:ids::uuid[])', { ids: valid })
    .orderBy('e.id')
    .getMany();
}

/** Keeps the coverage roll-up in step with entitlements just written (same transaction). */
async function refreshRollupOf(manager: EntityManager, written: readonly { regionCode: RegionCode; academicYear: number }[]): Promise<void> {
  const byYear = new Map<number, Set<RegionCode>>();
  for (const e of written) byYear.set(e.academicYear, (byYear.get(e.academicYear) ?? new Set()).add(e.regionCode));
  for (const [year, codes] of byYear) await refreshCoverageRollup(manager, [...codes], year);
}

const approveSchema = z.array(z.string()).min(1, 'name at least one entitlement').max(5000, 'at most 5000 per call');

/**
 * COMPUTED → APPROVED (subsidy:approve); approving twice changes nothing; cancelled ones are
 * refused; an id outside the caller's scope is NOT_FOUND.
 */
export function approveEntitlements(ctx: BaseContext, rawIds: unknown): Promise<EntitlementEntity[]> {
  return write(ctx, { operation: 'approveEntitlements', scope: SUBSIDY_APPROVE }, async (tx) => {
    const ids = [...new Set(parseInput(approveSchema, rawIds, 'ids'))];
    const rows = await lockEntitlements(tx.data, ids);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw notFound(`entitlement ${missing.join(', ')}`);
    const cancelled = rows.filter((r) => r.status === 'CANCELLED');
    if (cancelled.length) {
      throw badUserInput(`ids: cancelled entitlements cannot be approved (${cancelled.map((r) => r.id).join(', ')})`, [
        { path: 'ids', message: 'includes cancelled entitlements' },
      ]);
    }
    const toApprove = rows.filter((r) => r.status === 'COMPUTED');
    if (toApprove.length) {
      await tx.manager.query(`UPDATE entitlement SET status = 'APPROVED', approved_at = now(), approved_by = $2 WHERE id = ANY($1::uuid[])`, [
        toApprove.map((r) => r.id),
        ctx.principal.subject,
      ]);
      tx.audit(
        toApprove.map((r) => ({ operation: 'approveEntitlement', regionCode: r.regionCode, entityType: 'Entitlement', entityId: r.id, before: { status: r.status }, after: { status: 'APPROVED' } })),
      );
      await refreshRollupOf(tx.manager, toApprove);
    } else {
      // Every one was approved (or later) already: a replay.
      tx.unchanged();
    }
    for (const row of toApprove) row.status = 'APPROVED';
    const order = new Map(ids.map((id, i) => [id, i]));
    return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  });
}

const paymentSchema = z.object({
  idempotencyKey: z.string().trim().min(1, 'must not be empty').max(200),
  entitlementId: z.string(),
  amountFen: fenSchema.refine((v) => v > 0, 'a payment is more than 0 fen'),
  paidOn: isoDateSchema,
  channel: z.string().trim().max(100).nullish(),
});

type PaymentInput = z.infer<typeof paymentSchema>;

/**
 * Records a payment of a publicised entitlement (`subsidy:pay`; a department system:
 * `payment:write`): never more than is due in total; the same idempotency key replayed by a caller
 * of the same region returns the first payment; concurrent payments are serialised by a row lock,
 * so only what fits is paid. Keys belong to the caller's region (`PaymentEntity.keyRegion`): a key
 * another region used is a new key here, and no answer ever carries another region's payment.
 */
export async function recordPayment(ctx: BaseContext, rawInput: unknown): Promise<PaymentEntity> {
  // The parsed input, for the replay after a rolled-back race below.
  const parsed: { input?: PaymentInput } = {};
  try {
    return await write(ctx, { operation: 'recordPayment', ...paymentRequirement(ctx.principal) }, async (tx) => {
      const valid = (parsed.input = parseInput(paymentSchema, rawInput, 'input'));
      if (valid.paidOn > todayIso()) throw badUserInput('input.paidOn: a payment cannot be dated in the future', [{ path: 'input.paidOn', message: 'in the future' }]);
      const { manager } = tx;
      const keyRegion = ctx.principal.regionCode;
      const previous = await manager.findOneBy(PaymentEntity, { keyRegion, idempotencyKey: valid.idempotencyKey });
      if (previous) return replayPayment(tx, previous, valid);
      const [entitlement] = await lockEntitlements(tx.data, [valid.entitlementId]);
      if (!entitlement) throw notFound(`entitlement ${valid.entitlementId}`);
      // A concurrent call with the same key may have committed while this one waited for the lock.
      const raced = await manager.findOneBy(PaymentEntity, { keyRegion, idempotencyKey: valid.idempotencyKey });
      if (raced) return replayPayment(tx, raced, valid);
      const refusal = paymentRefusal(entitlement) ?? presenceRefusal(entitlement, await presenceFactsOf(manager, entitlement.personId, entitlement.academicYear));
      if (refusal) throw conflict(refusal);
      if (entitlement.amountFen === null) throw conflict(`entitlement ${entitlement.id} (${entitlement.kind}) has no amount to pay`);
      const remaining = entitlement.amountFen - entitlement.paidFen;
      if (valid.amountFen > remaining) {
        throw conflict(`payment of ${valid.amountFen} fen exceeds the ${remaining} fen still due on entitlement ${entitlement.id}`);
      }
      const payment = await manager.save(PaymentEntity, {
        idempotencyKey: valid.idempotencyKey,
        keyRegion,
        entitlementId: entitlement.id,
        amountFen: valid.amountFen,
        paidOn: valid.paidOn,
        channel: valid.channel ?? null,
        recordedBy: ctx.principal.subject,
      });
      const paidFen = entitlement.paidFen + valid.amountFen;
      await manager.update(EntitlementEntity, { id: entitlement.id }, { paidFen, status: paidFen === entitlement.amountFen ? 'PAID' : 'PUBLICISED' });
      await refreshRollupOf(manager, [entitlement]);
      tx.audit({ operation: 'recordPayment', regionCode: entitlement.regionCode, entityType: 'Entitlement', entityId: entitlement.id, before: { paidFen: entitlement.paidFen }, after: { paidFen, paymentId: payment.id } });
      return payment;
    });
  } catch (err) {
    // A concurrent call with the same key committed first (its insert won the unique key): the
    // rolled-back call answers as a replay of that payment.
    const paid = parsed.input;
    if (paid && isUniqueViolation(err)) {
      const first = await ctx.dataSource.getRepository(PaymentEntity).findOneBy({ keyRegion: ctx.principal.regionCode, idempotencyKey: paid.idempotencyKey });
      if (first) return checkReplay(first, paid);
    }
    throw err;
  }
}

/** The first payment under a replayed key: the same payment, or CONFLICT when the key was used for another. */
function checkReplay(previous: PaymentEntity, input: { entitlementId: string; amountFen: number }): PaymentEntity {
  if (previous.entitlementId !== input.entitlementId || previous.amountFen !== input.amountFen) {
    throw conflict(`idempotency key already used for a different payment (${previous.id})`);
  }
  return previous;
}

/** A replay inside the envelope: it changes nothing, so it leaves no audit entry. */
function replayPayment(tx: { unchanged(): void }, previous: PaymentEntity, input: { entitlementId: string; amountFen: number }): PaymentEntity {
  const payment = checkReplay(previous, input);
  tx.unchanged();
  return payment;
}

const submitSchema = z.object({
  personId: z.string(),
  ruleCode: z.string().regex(/^[A-Z][A-Z0-9-]{1,39}$/, 'not a rule code'),
  academicYear: academicYearSchema,
  department: z.string().trim().min(1, 'name the department').max(100),
  amountFen: fenSchema.nullish(),
});

/**
 * A department submits a benefit for a student (统一确定救助对象): a rule of the policy set
 * governing the student's school that year, at that rule's amount (BAD_USER_INPUT naming ruleCode
 * or amountFen otherwise); refused with the first entitlement named when the same student already
 * has it for that rule and year. Every computation checks the line again (department-lines.ts).
 */
export async function submitEntitlement(ctx: BaseContext, rawInput: unknown): Promise<EntitlementEntity> {
  // The parsed input, to name the winner after a rolled-back race below.
  const parsed: { input?: z.infer<typeof submitSchema> } = {};
  try {
    return await write(ctx, { operation: 'submitEntitlement', integrationScope: 'subsidy:submit' }, async (tx) => {
      const input = (parsed.input = parseInput(submitSchema, rawInput, 'input'));
      if (!isUuid(input.personId)) throw notFound(`person ${input.personId}`);
      // The student's enrolment at a school inside the caller's scope.
      const [enrolment] = await tx.data.query<{ enrolment_id: string; school_id: string; school_region_code: RegionCode; stage: Stage; grade: number }>(
        (region) =>
          `SELECT enrolment_id, school_id, school_region_code, stage, grade FROM enrolment_fact
            WHERE person_id = $2 AND academic_year = $3 AND status IN ('ENROLLED','GRADUATED') AND ${region('school_region_code')}
            ORDER BY status LIMIT 1`,
        [input.personId, input.academicYear],
      );
      if (!enrolment) throw badUserInput('input.personId: no enrolment of this student in your region that year', [{ path: 'input.personId', message: 'not enrolled in your region that year' }]);
      await throwIfAlreadyEntitled(tx.manager, ctx.principal, input.personId, input.ruleCode, input.academicYear);
      // A rule of the set governing the student's school that year, at the rule's amount (统一救助标准).
      const set = governingSetOf(await findSetsInForce(ctx.dataSource, input.academicYear), enrolment.school_region_code);
      const check = checkDepartmentLine(set, { ruleCode: input.ruleCode, amountFen: input.amountFen ?? null, stage: enrolment.stage, grade: enrolment.grade });
      if (!check.ok) throw badUserInput(`input.${check.field}: ${check.message}`, [{ path: `input.${check.field}`, message: check.message }]);
      const { rule } = check;
      const saved = await tx.manager.save(EntitlementEntity, {
        personId: input.personId,
        enrolmentId: enrolment.enrolment_id,
        schoolId: enrolment.school_id,
        regionCode: enrolment.school_region_code,
        academicYear: input.academicYear,
        ruleCode: input.ruleCode,
        policySetId: set?.id ?? null,
        policyVersion: set?.version ?? null,
        kind: rule.kind,
        beneficiary: rule.beneficiary,
        amountFen: input.amountFen ?? null,
        funding: [{ source: input.department, percent: 100 }],
        status: 'COMPUTED',
        backPay: false,
        source: input.department,
        facts: { submittedBy: ctx.principal.subject },
        explanation: `${input.ruleCode} submitted by ${input.department}`,
        paidFen: 0,
      });
      await refreshRollupOf(tx.manager, [saved]);
      tx.audit({ operation: 'submitEntitlement', regionCode: saved.regionCode, entityType: 'Entitlement', entityId: saved.id, after: input });
      return saved;
    });
  } catch (err) {
    // A concurrent submission won the one-live-line index: name it (read after the rollback).
    const input = parsed.input;
    if (input && isUniqueViolation(err)) await throwIfAlreadyEntitled(ctx.dataSource.manager, ctx.principal, input.personId, input.ruleCode, input.academicYear);
    throw err;
  }
}

/**
 * Refuses a second live line of a student, rule and year. The lookup is deliberately not
 * region-scoped: one live line per student, rule and year holds across regions (the unique index
 * is global), so the first may lie in another region. The answer names the first line only when
 * the caller could read it; a line outside the caller's scope is reported as existing elsewhere,
 * with no id, department, status or region (the refusal must not be an oracle over other counties).
 */
async function throwIfAlreadyEntitled(manager: EntityManager, principal: Principal, personId: string, ruleCode: string, academicYear: number): Promise<void> {
  const existing = await manager
    .getRepository(EntitlementEntity)
    .createQueryBuilder('e')
    .where('e.person_id = :personId AND e.rule_code = :ruleCode AND e.academic_year = :academicYear', { personId, ruleCode, academicYear })
    .andWhere("e.status <> 'CANCELLED' AND NOT e.is_top_up")
    .getOne();
  if (existing && !mayNameRow(principal, existing)) {
    throw conflict(
      `the student already has ${ruleCode} for ${academicYear} outside your region: it cannot be granted here; the region where it is recorded must cancel it first`,
    );
  }
  if (existing) {
    throw conflict(`the student already has ${ruleCode} for ${academicYear}: entitlement ${existing.id} from ${existing.source} (${existing.status})`, {
      existing: { entitlementId: existing.id, source: existing.source, status: existing.status },
    });
  }
}
