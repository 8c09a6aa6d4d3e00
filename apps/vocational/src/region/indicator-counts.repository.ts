import type { DataSource } from 'typeorm';
import { escapeLike } from '@epg/persistence';
import { countEnrolments, type VocationalCounts } from './indicators';

/**
 * The counts of `vocationalIndicators` with the households part from the roll-up (migration
 * `region-rollups`: registered households by village and the first year they have a skilled
 * member), two statements. Equal to `vocationalCounts`, the direct count.
 */
export async function vocationalCountsFromRollup(dataSource: DataSource, regionPrefix: string, academicYear: number): Promise<VocationalCounts> {
  const [[households], students] = await Promise.all([
    dataSource.query(
      `SELECT coalesce(sum(households), 0)::int AS registered,
              coalesce(sum(households) FILTER (WHERE skilled_from <= $2), 0)::int AS skilled
         FROM household_skill_rollup WHERE village_code LIKE $1`,
      [`${escapeLike(regionPrefix)}%`, academicYear],
    ) as Promise<{ registered: number; skilled: number }[]>,
    countEnrolments(dataSource, regionPrefix, academicYear),
  ]);
  return { registeredHouseholds: households?.registered ?? 0, householdsWithSkilledMember: households?.skilled ?? 0, ...students };
}
