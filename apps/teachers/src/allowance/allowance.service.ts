import { assertRegionInScope } from '@epg/auth';
import { canonicalPrefix, monthSchema, regionCodeSchema, type RegionCode } from '@epg/domain';
import type { AuditRecord } from '@epg/persistence';
import { badUserInput, conflict, parseInput, write, type BaseContext } from '@epg/subgraph-kit';
import { previousMonth } from '../teacher/dates';
import { AllowanceRateEntity } from './allowance-rate.entity';
import { allowancePayroll, findRatesBearingOn } from './allowance.repository';
import { allowanceRateInputSchema, assertRateAdministrator, POLICY_ADMIN, rateAmountProblem } from './allowance.rules';

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

/** A new rate from a month on; the open rate of the same region and tier ends the month before. */
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
    const later = existing.find((r) => r.fromMonth >= input.fromMonth);
    if (later) throw conflict(`a rate from ${later.fromMonth} is already recorded for this region and tier`);
    const problem = rateAmountProblem({ ...input, regionPrefix }, await findRatesBearingOn(tx.manager, input.regionCode));
    if (problem) throw badUserInput(`input.monthlyFen: ${problem}`, [{ path: 'input.monthlyFen', message: problem }]);
    const open = existing.find((r) => r.toMonth === null || r.toMonth >= input.fromMonth);
    const audits: AuditRecord[] = [];
    if (open) {
      const before = { ...open };
      open.toMonth = previousMonth(input.fromMonth);
      await repo.update({ id: open.id }, { toMonth: open.toMonth });
      audits.push({ operation: 'setAllowanceRate', regionCode: input.regionCode, entityType: 'AllowanceRate', entityId: open.id, before, after: { ...open } });
    }
    const rate = await repo.save(
      repo.create({ regionPrefix, hardshipTier: input.hardshipTier, fromMonth: input.fromMonth, toMonth: null, monthlyFen: input.monthlyFen }),
    );
    audits.push({ operation: 'setAllowanceRate', regionCode: input.regionCode, entityType: 'AllowanceRate', entityId: rate.id, after: { ...rate } });
    tx.audit(audits);
    return rate;
  });
}
