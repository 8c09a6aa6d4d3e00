import { assertRegionInScope } from '@epg/auth';
import { canonicalPrefix, monthSchema, regionCodeSchema, type RegionCode } from '@epg/domain';
import type { AuditRecord } from '@epg/persistence';
import { badUserInput, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { AllowanceRateEntity } from './allowance-rate.entity';
import { allowancePayroll, findRatesBearingOn } from './allowance.repository';
import { allowanceRateInputSchema, assertRateAdministrator, planRateChange, POLICY_ADMIN, rateAmountProblem } from './allowance.rules';

export interface AllowanceSummary {
  month: string;
  regionCode: RegionCode;
  teacherCount: number;
  totalFen: number;
  byTier: Awaited<ReturnType<typeof allowancePayroll>>;
}

export async function teacherAllowances(ctx: BaseContext, args: { regionCode: string; month: string }): Promise<AllowanceSummary> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const month = parseInput(monthSchema, args.month, 'month');
  const byTier = await allowancePayroll(ctx.data.inside(regionCode), month);
  return {
    month,
    regionCode,
    teacherCount: byTier.reduce((n, t) => n + t.teacherCount, 0),
    totalFen: byTier.reduce((n, t) => n + t.totalFen, 0),
    byTier,
  };
}

/**
 * A rate from a month on, or a correction of a past month's (see planRateChange): the rate in
 * force that month ends the month before; the new one runs until the next recorded change.
 */
export function setAllowanceRate(ctx: BaseContext, rawInput: unknown): Promise<AllowanceRateEntity> {
  return write(ctx, { operation: 'setAllowanceRate', scope: POLICY_ADMIN }, async (tx) => {
    assertRateAdministrator(ctx.principal);
    const input = parseInput(allowanceRateInputSchema, rawInput, 'input');
    // The rate applies to the region asked for: it must lie inside the caller's scope.
    assertRegionInScope(ctx.principal, input.regionCode);
    const regionPrefix = canonicalPrefix(input.regionCode);
    const repo = tx.manager.getRepository(AllowanceRateEntity);
    // Serialises rate changes, so a rate checked against the regions above cannot race a change of theirs.
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('teachers.allowance_rate'))`);
    // Rates are policy keyed by their exact prefix (not region-owned rows read through the scope).
    const existing = await repo
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.region_prefix = :regionPrefix AND a.hardship_tier = :tier', { regionPrefix, tier: input.hardshipTier })
      .orderBy('a.from_month', 'DESC')
      .getMany();
    const problem = rateAmountProblem({ ...input, regionPrefix }, await findRatesBearingOn(tx.manager, input.regionCode));
    if (problem) throw badUserInput(`input.monthlyFen: ${problem}`, [{ path: 'input.monthlyFen', message: problem }]);
    // A rate carries the month it takes effect: a correction for a past month applies from then on.
    const plan = planRateChange(existing, input.fromMonth);
    const audits: AuditRecord[] = [];
    const entry = (entityId: string, before: object | undefined, after: object) =>
      audits.push({ operation: 'setAllowanceRate', regionCode: input.regionCode, entityType: 'AllowanceRate', entityId, before, after });
    let rate: AllowanceRateEntity;
    if (plan.kind === 'correct') {
      const before = { ...plan.rate };
      rate = Object.assign(plan.rate, { monthlyFen: input.monthlyFen });
      await repo.update({ id: rate.id }, { monthlyFen: rate.monthlyFen });
      entry(rate.id, before, { ...rate });
    } else {
      if (plan.close) {
        const before = { ...plan.close.rate };
        plan.close.rate.toMonth = plan.close.toMonth;
        await repo.update({ id: plan.close.rate.id }, { toMonth: plan.close.toMonth });
        entry(plan.close.rate.id, before, { ...plan.close.rate });
      }
      rate = await repo.save(
        repo.create({ regionPrefix, hardshipTier: input.hardshipTier, fromMonth: input.fromMonth, toMonth: plan.toMonth, monthlyFen: input.monthlyFen }),
      );
      entry(rate.id, undefined, { ...rate });
    }
    tx.audit(audits);
    return rate;
  });
}
