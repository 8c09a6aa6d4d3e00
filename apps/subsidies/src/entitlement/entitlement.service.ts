import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { assertCanWrite, regionScopePrefix } from '@epg/auth';
import { academicYearSchema, fenSchema, isoDateSchema, todayIso } from '@epg/domain';
import { isUniqueViolation, isUuid, recordAudit } from '@epg/persistence';
import { badUserInput, conflict, notFound, parseInput, type BaseContext } from '@epg/subgraph-kit';
import { refreshCoverageRollup } from '../coverage-rollup/coverage-rollup';
import { EntitlementEntity, NoticeEntity, PaymentEntity } from './entitlement.entities';

export const SUBSIDY_APPROVE = 'subsidy:approve';

/** Entitlements by id inside the caller's scope, locked for the rest of the transaction. */
async function lockEntitlements(manager: EntityManager, ctx: BaseContext, ids: readonly string[]): Promise<EntitlementEntity[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  return manager
    .getRepository(EntitlementEntity)
    .createQueryBuilder('e')
    .setLock('pessimistic_write')
    .where('e.id = ANY(:ids::uuid[])', { ids: valid })
    .andWhere('e.region_code LIKE :prefix', { prefix: `${regionScopePrefix(ctx.principal)}%` })
    .orderBy('e.id')
    .getMany();
}

/** Keeps the coverage roll-up in step with entitlements just written (same transaction). */
async function refreshRollupOf(manager: EntityManager, written: readonly { regionCode: string; academicYear: number }[]): Promise<void> {
  const byYear = new Map<number, Set<string>>();
  for (const e of written) byYear.set(e.academicYear, (byYear.get(e.academicYear) ?? new Set()).add(e.regionCode));
  for (const [year, codes] of byYear) await refreshCoverageRollup(manager, [...codes], year);
}

const approveSchema = z.array(z.string()).min(1, 'name at least one entitlement').max(5000, 'at most 5000 per call');

/** COMPUTED → APPROVED (subsidy:approve); approving twice changes nothing; cancelled ones are refused. */
export async function approveEntitlements(ctx: BaseContext, rawIds: unknown): Promise<EntitlementEntity[]> {
  assertCanWrite(ctx.principal, { scope: SUBSIDY_APPROVE });
  const ids = [...new Set(parseInput(approveSchema, rawIds, 'ids'))];
  return ctx.dataSource.transaction(async (manager) => {
    const rows = await lockEntitlements(manager, ctx, ids);
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
      await manager.query(`UPDATE entitlement SET status = 'APPROVED', approved_at = now(), approved_by = $2 WHERE id = ANY($1::uuid[])`, [
        toApprove.map((r) => r.id),
        ctx.principal.subject,
      ]);
      await recordAudit(
        manager,
        ctx,
        toApprove.map((r) => ({ operation: 'approveEntitlement', entityType: 'Entitlement', entityId: r.id, before: { status: r.status }, after: { status: 'APPROVED' } })),
      );
      await refreshRollupOf(manager, toApprove);
    }
    for (const row of toApprove) row.status = 'APPROVED';
    const order = new Map(ids.map((id, i) => [id, i]));
    return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  });
}

const noticeSchema = z.object({ schoolId: z.string(), academicYear: academicYearSchema });

/** Publishes (公示) the approved entitlements of a school and year; they become payable. */
export async function publishSubsidyNotice(ctx: BaseContext, rawArgs: unknown): Promise<NoticeEntity> {
  assertCanWrite(ctx.principal, { scope: SUBSIDY_APPROVE });
  const { schoolId, academicYear } = parseInput(noticeSchema, rawArgs, 'arguments');
  if (!isUuid(schoolId)) throw notFound(`school ${schoolId}`);
  return ctx.dataSource.transaction(async (manager) => {
    const rows: { id: string; regionCode: string; ruleCode: string; amountFen: number | null; personName: string | null; idNumberMasked: string | null }[] =
      await manager.query(
        `SELECT e.id, e.region_code AS "regionCode", e.rule_code AS "ruleCode", e.amount_fen AS "amountFen",
                p.name AS "personName", p.id_number_masked AS "idNumberMasked"
           FROM entitlement e LEFT JOIN person_fact p ON p.person_id = e.person_id
          WHERE e.school_id = $1 AND e.academic_year = $2 AND e.status = 'APPROVED' AND e.region_code LIKE $3
          ORDER BY p.name, e.rule_code
          FOR UPDATE OF e`,
        [schoolId, academicYear, `${regionScopePrefix(ctx.principal)}%`],
      );
    if (rows.length === 0) {
      throw badUserInput('schoolId: the school has no approved entitlements to publish for that year', [
        { path: 'schoolId', message: 'nothing approved to publish' },
      ]);
    }
    await manager.query(`UPDATE entitlement SET status = 'PUBLICISED', publicised_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
    await refreshRollupOf(manager, rows.map((r) => ({ regionCode: r.regionCode, academicYear })));
    const notice = await manager.save(NoticeEntity, {
      schoolId,
      academicYear,
      regionCode: rows[0]!.regionCode,
      publishedOn: todayIso(),
      publishedBy: ctx.principal.subject,
      // Masked ID numbers only: the notice is posted publicly.
      lines: rows.map((r) => ({ personName: r.personName ?? '', idNumberMasked: r.idNumberMasked ?? '', ruleCode: r.ruleCode, amountFen: r.amountFen })),
    });
    await recordAudit(manager, ctx, { operation: 'publishSubsidyNotice', entityType: 'SubsidyNotice', entityId: notice.id, after: { schoolId, academicYear, lines: rows.length } });
    return notice;
  });
}

const paymentSchema = z.object({
  idempotencyKey: z.string().trim().min(1, 'must not be empty').max(200),
  entitlementId: z.string(),
  amountFen: fenSchema.refine((v) => v > 0, 'a payment is more than 0 fen'),
  paidOn: isoDateSchema,
  channel: z.string().trim().max(100).nullish(),
});

/**
 * Records a payment of a publicised entitlement: never more than is due in total; the same
 * idempotency key replayed returns the first payment; concurrent payments are serialised by a
 * row lock, so only what fits is paid.
 */
export async function recordPayment(ctx: BaseContext, rawInput: unknown): Promise<PaymentEntity> {
  assertCanWrite(ctx.principal, { integrationScope: 'payment:write' });
  const input = parseInput(paymentSchema, rawInput, 'input');
  if (input.paidOn > todayIso()) throw badUserInput('input.paidOn: a payment cannot be dated in the future', [{ path: 'input.paidOn', message: 'in the future' }]);
  try {
    return await ctx.dataSource.transaction(async (manager) => {
      const previous = await manager.findOneBy(PaymentEntity, { idempotencyKey: input.idempotencyKey });
      if (previous) return replayPayment(previous, input);
      const [entitlement] = await lockEntitlements(manager, ctx, [input.entitlementId]);
      if (!entitlement) throw notFound(`entitlement ${input.entitlementId}`);
      // A concurrent call with the same key may have committed while this one waited for the lock.
      const raced = await manager.findOneBy(PaymentEntity, { idempotencyKey: input.idempotencyKey });
      if (raced) return replayPayment(raced, input);
      if (entitlement.status !== 'PUBLICISED') {
        throw conflict(`entitlement ${entitlement.id} is ${entitlement.status}: only publicised entitlements are paid`);
      }
      if (entitlement.amountFen === null) throw conflict(`entitlement ${entitlement.id} (${entitlement.kind}) has no amount to pay`);
      const remaining = entitlement.amountFen - entitlement.paidFen;
      if (input.amountFen > remaining) {
        throw conflict(`payment of ${input.amountFen} fen exceeds the ${remaining} fen still due on entitlement ${entitlement.id}`);
      }
      const payment = await manager.save(PaymentEntity, {
        idempotencyKey: input.idempotencyKey,
        entitlementId: entitlement.id,
        amountFen: input.amountFen,
        paidOn: input.paidOn,
        channel: input.channel ?? null,
        recordedBy: ctx.principal.subject,
      });
      const paidFen = entitlement.paidFen + input.amountFen;
      await manager.update(EntitlementEntity, { id: entitlement.id }, { paidFen, status: paidFen === entitlement.amountFen ? 'PAID' : 'PUBLICISED' });
      await refreshRollupOf(manager, [entitlement]);
      await recordAudit(manager, ctx, { operation: 'recordPayment', entityType: 'Entitlement', entityId: entitlement.id, before: { paidFen: entitlement.paidFen }, after: { paidFen, paymentId: payment.id } });
      return payment;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const first = await ctx.dataSource.getRepository(PaymentEntity).findOneBy({ idempotencyKey: input.idempotencyKey });
      if (first) return replayPayment(first, input);
    }
    throw err;
  }
}

function replayPayment(previous: PaymentEntity, input: { entitlementId: string; amountFen: number }): PaymentEntity {
  if (previous.entitlementId !== input.entitlementId || previous.amountFen !== input.amountFen) {
    throw conflict(`idempotency key already used for a different payment (${previous.id})`);
  }
  return previous;
}

const submitSchema = z.object({
  personId: z.string(),
  ruleCode: z.string().regex(/^[A-Z][A-Z0-9-]{1,39}$/, 'not a rule code'),
  academicYear: academicYearSchema,
  department: z.string().trim().min(1, 'name the department').max(100),
  amountFen: fenSchema.nullish(),
});

/**
 * A department submits a benefit for a student (统一确定救助对象): refused with the first
 * entitlement named when the same student already has it for that rule and year.
 */
export async function submitEntitlement(ctx: BaseContext, rawInput: unknown): Promise<EntitlementEntity> {
  assertCanWrite(ctx.principal, { integrationScope: 'subsidy:submit' });
  const input = parseInput(submitSchema, rawInput, 'input');
  if (!isUuid(input.personId)) throw notFound(`person ${input.personId}`);
  const scope = `${regionScopePrefix(ctx.principal)}%`;
  try {
    return await ctx.dataSource.transaction(async (manager) => {
      const [enrolment]: { enrolment_id: string; school_id: string; school_region_code: string }[] = await manager.query(
        `SELECT enrolment_id, school_id, school_region_code FROM enrolment_fact
          WHERE person_id = $1 AND academic_year = $2 AND status IN ('ENROLLED','GRADUATED') AND school_region_code LIKE $3
          ORDER BY status LIMIT 1`,
        [input.personId, input.academicYear, scope],
      );
      if (!enrolment) throw badUserInput('input.personId: no enrolment of this student in your region that year', [{ path: 'input.personId', message: 'not enrolled in your region that year' }]);
      await throwIfAlreadyEntitled(manager, input.personId, input.ruleCode, input.academicYear);
      const saved = await manager.save(EntitlementEntity, {
        personId: input.personId,
        enrolmentId: enrolment.enrolment_id,
        schoolId: enrolment.school_id,
        regionCode: enrolment.school_region_code,
        academicYear: input.academicYear,
        ruleCode: input.ruleCode,
        policySetId: null,
        policyVersion: null,
        kind: 'CASH',
        beneficiary: 'STUDENT',
        amountFen: input.amountFen ?? null,
        funding: [{ source: input.department, percent: 100 }],
        status: 'COMPUTED',
        backPay: false,
        source: input.department,
        facts: { submittedBy: ctx.principal.subject },
        explanation: `${input.ruleCode} submitted by ${input.department}`,
        paidFen: 0,
      });
      await refreshRollupOf(manager, [saved]);
      await recordAudit(manager, ctx, { operation: 'submitEntitlement', entityType: 'Entitlement', entityId: saved.id, after: input });
      return saved;
    });
  } catch (err) {
    if (isUniqueViolation(err)) await throwIfAlreadyEntitled(ctx.dataSource.manager, input.personId, input.ruleCode, input.academicYear);
    throw err;
  }
}

async function throwIfAlreadyEntitled(manager: EntityManager, personId: string, ruleCode: string, academicYear: number): Promise<void> {
  const existing = await manager
    .getRepository(EntitlementEntity)
    .createQueryBuilder('e')
    .where('e.person_id = :personId AND e.rule_code = :ruleCode AND e.academic_year = :academicYear', { personId, ruleCode, academicYear })
    .andWhere("e.status <> 'CANCELLED'")
    .getOne();
  if (existing) {
    throw conflict(`the student already has ${ruleCode} for ${academicYear}: entitlement ${existing.id} from ${existing.source} (${existing.status})`, {
      existing: { entitlementId: existing.id, source: existing.source, status: existing.status },
    });
  }
}
