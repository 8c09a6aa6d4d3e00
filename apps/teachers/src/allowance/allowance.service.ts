import { assertCanWrite, assertRegionInScope } from '@epg/auth';
import { canonicalPrefix, monthSchema, regionCodeSchema } from '@epg/domain';
import { recordAudit } from '@epg/persistence';
import { conflict, parseInput, type BaseContext } from '@epg/subgraph-kit';
import { previousMonth } from '../teacher/dates';
import { AllowanceRateEntity } from './allowance-rate.entity';
import { allowancePayroll } from './allowance.repository';
import { allowanceRateInputSchema } from './allowance.rules';

export interface AllowanceSummary {
  month: string;
  regionCode: string;
  teacherCount: number;
  totalFen: number;
  byTier: Awaited<ReturnType<typeof allowancePayroll>>;
}

export async function teacherAllowances(ctx: BaseContext, args: { regionCode: string; month: string }): Promise<AllowanceSummary> {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const month = parseInput(monthSchema, args.month, 'month');
  assertRegionInScope(ctx.principal, regionCode);
  const byTier = await allowancePayroll(ctx.dataSource, canonicalPrefix(regionCode), month);
  return {
    month,
    regionCode,
    teacherCount: byTier.reduce((n, t) => n + t.teacherCount, 0),
    totalFen: byTier.reduce((n, t) => n + t.totalFen, 0),
    byTier,
  };
}

/** A new rate from a month on; the open rate of the same region and tier ends the month before. */
export async function setAllowanceRate(ctx: BaseContext, rawInput: unknown): Promise<AllowanceRateEntity> {
  assertCanWrite(ctx.principal);
  const input = parseInput(allowanceRateInputSchema, rawInput, 'input');
  assertRegionInScope(ctx.principal, input.regionCode);
  const regionPrefix = canonicalPrefix(input.regionCode);
  return ctx.dataSource.transaction(async (manager) => {
    const repo = manager.getRepository(AllowanceRateEntity);
    const existing = await repo
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.region_prefix = :regionPrefix AND a.hardship_tier = :tier', { regionPrefix, tier: input.hardshipTier })
      .orderBy('a.from_month', 'DESC')
      .getMany();
    const later = existing.find((r) => r.fromMonth >= input.fromMonth);
    if (later) throw conflict(`a rate from ${later.fromMonth} is already recorded for this region and tier`);
    const open = existing.find((r) => r.toMonth === null || r.toMonth >= input.fromMonth);
    const audits = [];
    if (open) {
      const before = { ...open };
      open.toMonth = previousMonth(input.fromMonth);
      await repo.update({ id: open.id }, { toMonth: open.toMonth });
      audits.push({ operation: 'setAllowanceRate', entityType: 'AllowanceRate', entityId: open.id, before, after: { ...open } });
    }
    const rate = await repo.save(
      repo.create({ regionPrefix, hardshipTier: input.hardshipTier, fromMonth: input.fromMonth, toMonth: null, monthlyFen: input.monthlyFen }),
    );
    audits.push({ operation: 'setAllowanceRate', entityType: 'AllowanceRate', entityId: rate.id, after: { ...rate } });
    await recordAudit(manager, ctx, audits);
    return rate;
  });
}
