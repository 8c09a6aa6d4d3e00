import type { EntityManager } from 'typeorm';
import { canonicalPrefix, fenFromBigint, type RegionCode } from '@epg/domain';
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

/** A 支教 or exchange stay at a rural school in effect on $3 (the month's last day) for teacher `teacher`. */
const RURAL_STAY = (teacher: string) => `SELECT 1 FROM teacher_rotation r JOIN school_hardship h ON h.school_id = r.to_school_id AND h.rural
  WHERE r.teacher_id = ${teacher} AND r.start_date <= $3 AND (r.end_date IS NULL OR r.end_date >= $3)`;

/**
 * Payroll of a month in one statement: the teachers in service on the month's last day, each at
 * the school they work at that day — a rural school of a 支教 or exchange stay (its tier, its
 * region), else the posting's — counted per region and hardship tier (the postings index-only,
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
          AND NOT EXISTS (${RURAL_STAY('p.teacher_id')})
        GROUP BY p.region_code, p.hardship_tier
       UNION ALL
       SELECT s.region_code, s.hardship_tier, count(*)
         FROM (SELECT DISTINCT ON (r.teacher_id) r.teacher_id, h.region_code, h.hardship_tier
                 FROM teacher_rotation r JOIN school_hardship h ON h.school_id = r.to_school_id AND h.rural
                WHERE ${region('h.region_code')} AND r.start_date <= $3 AND (r.end_date IS NULL OR r.end_date >= $3)
                ORDER BY r.teacher_id, r.start_date DESC) s
        WHERE EXISTS (SELECT 1 FROM teacher_posting p WHERE p.teacher_id = s.teacher_id AND p.from_date <= $3 AND (p.to_date IS NULL OR p.to_date >= $3))
        GROUP BY s.region_code, s.hardship_tier)
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
    totalFen: fenFromBigint(r.total),
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
