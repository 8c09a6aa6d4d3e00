import type { ScopedData } from '@epg/persistence';
import type { HouseholdStatsRow } from './region.repository';
import { schoolAgeCohorts } from './school-age';

/**
 * `Region.householdStats` from the roll-ups (migration `region-rollups`): sums the roll-up rows
 * of the villages inside the scope of `data` (narrowed to the region reported on), one statement.
 * Equal to `countHouseholds` (the direct count, kept as the definition the tests compare with).
 */
export async function householdStatsFromRollup(data: ScopedData, academicYear: number): Promise<HouseholdStatsRow> {
  const { from, to } = schoolAgeCohorts(academicYear);
  const [row] = await data.query<HouseholdStatsRow>(
    (region) => `WITH p AS (
       SELECT coalesce(sum(people), 0)::int AS people,
              coalesce(sum(people) FILTER (WHERE birth_cohort BETWEEN $2 AND $3), 0)::int AS "schoolAgeChildren"
         FROM person_rollup WHERE ${region('village_code')})
     SELECT coalesce(sum(h.households) FILTER (WHERE h.status <> 'REMOVED'), 0)::int AS registered,
            coalesce(sum(h.households) FILTER (WHERE h.status = 'IDENTIFIED'), 0)::int AS identified,
            coalesce(sum(h.households) FILTER (WHERE h.status = 'EXITED'), 0)::int AS exited,
            coalesce(sum(h.households) FILTER (WHERE h.status = 'RELAPSED'), 0)::int AS relapsed,
            coalesce(sum(h.households) FILTER (WHERE h.status = 'REMOVED'), 0)::int AS removed,
            (SELECT people FROM p) AS people,
            (SELECT "schoolAgeChildren" FROM p) AS "schoolAgeChildren"
       FROM household_rollup h
      WHERE ${region('h.village_code')}`,
    [from, to],
  );
  return row!;
}
