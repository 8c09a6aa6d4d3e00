import type { EntityManager } from 'typeorm';
import { canonicalPrefix, type RegionCode } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import { lastDayOfMonth } from '../teacher/dates';
import { AllowanceRateEntity } from './allowance-rate.entity';

export interface AllowanceTierRow {
  hardshipTier: number;
  teacherCount: number;
  totalFen: number;
  /** The rate when every teacher of the tier got the same one, else null. */
  monthlyFen: number | null;
}

/**
 * Payroll of a month in one statement: the postings of the scope of `data` in effect on the
 * month's last day, counted per region and hardship tier (index-only,
 * `teacher_posting_region_tier_idx`), each group paid the most specific rate in force for its
 * region and tier (rates of 0 pay nobody).
 */
export async function allowancePayroll(data: ScopedData, month: string): Promise<AllowanceTierRow[]> {
  const rows = await data.query<{ tier: number; teachers: number; total: string; min_fen: number; max_fen: number }>(
    // The rate lookup matches each rate's stored `region_prefix` against the posting's code: domain
    // matching of policy rows (rates of the regions above apply too), not a scope predicate.
    (region) => `WITH posted AS (
       SELECT p.region_code, p.hardship_tier, count(*) AS teachers
         FROM teacher_posting p
        WHERE ${region('p.region_code')}
          AND p.from_date <= $3 AND (p.to_date IS NULL OR p.to_date >= $3)
        GROUP BY p.region_code, p.hardship_tier)
     SELECT g.hardship_tier AS tier, sum(g.teachers)::int AS teachers, sum(g.teachers * r.monthly_fen)::bigint AS total,
            min(r.monthly_fen) AS min_fen, max(r.monthly_fen) AS max_fen
       FROM posted g
       JOIN LATERAL (
         SELECT a.monthly_fen FROM allowance_rate a
          WHERE a.hardship_tier = g.hardship_tier
            AND left(g.region_code, length(a.region_prefix)) = a.region_prefix
            AND a.from_month <= $2 AND (a.to_month IS NULL OR a.to_month >= $2)
          ORDER BY length(a.region_prefix) DESC
          LIMIT 1
       ) r ON true
      WHERE r.monthly_fen > 0
      GROUP BY g.hardship_tier
      ORDER BY g.hardship_tier`,
    [month, lastDayOfMonth(month)],
  );
  return rows.map((r) => ({
    hardshipTier: r.tier,
    teacherCount: r.teachers,
    totalFen: Number(r.total),
    monthlyFen: r.min_fen === r.max_fen ? r.min_fen : null,
  }));
}

/** Every rate (a small table: a few rows per region and tier). Policy, read whole by every caller. */
export function findAllRates(manager: EntityManager): Promise<AllowanceRateEntity[]> {
  return manager.getRepository(AllowanceRateEntity).find({ order: { regionPrefix: 'ASC', hardshipTier: 'ASC', fromMonth: 'ASC' } });
}

/**
 * Rates that bear on a region: set for it or a region above it, or for a region inside it. Policy
 * rows matched by their stored `region_prefix` (domain matching, not a scope predicate: the rates
 * of the regions above the caller's apply to it too).
 */
export function findRatesBearingOn(manager: EntityManager, regionCode: RegionCode): Promise<AllowanceRateEntity[]> {
  const prefix = canonicalPrefix(regionCode);
  return manager
    .getRepository(AllowanceRateEntity)
    .createQueryBuilder('a')
    .where('left(:prefix, length(a.region_prefix)) = a.region_prefix', { prefix })
    // Not a region scope: a rate's stored prefix lying inside the region asked for (a canonical
    // prefix is digits only, nothing to escape).
    .orWhere('a.region_prefix LIKE :inside', { inside: `${prefix}%` })
    .orderBy('a.region_prefix')
    .addOrderBy('a.hardship_tier')
    .addOrderBy('a.from_month')
    .getMany();
}
