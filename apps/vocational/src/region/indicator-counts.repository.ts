import type { ScopedData } from '@epg/persistence';
import { countEnrolments, type VocationalCounts } from './indicators';

/**
 * The counts of `vocationalIndicators` (of the region `data` is narrowed to) with the households part from the roll-up (migration
 * `region-rollups`: registered households by village and the first year they have a skilled
 * member), two statements. Equal to `vocationalCounts`, the direct count.
 */
export async function vocationalCountsFromRollup(data: ScopedData, academicYear: number): Promise<VocationalCounts> {
  const [[households], students] = await Promise.all([
    data.query<{ registered: number; skilled: number }>(
      (region) => `SELECT coalesce(sum(households), 0)::int AS registered,
              coalesce(sum(households) FILTER (WHERE skilled_from <= $2), 0)::int AS skilled
         FROM household_skill_rollup WHERE ${region('village_code')}`,
      [academicYear],
    ),
    countEnrolments(data, academicYear),
  ]);
  return { registeredHouseholds: households?.registered ?? 0, householdsWithSkilledMember: households?.skilled ?? 0, ...students };
}
