import type { ScopedData } from '@epg/persistence';
import type { TeacherCounts } from '../teacher/teacher.repository';
import { countTrainedTeachers, type CoverageCounts } from '../training/training.repository';
import { CYCLE_REQUIRED_HOURS, trainingCycle } from '../training/training.rules';

/**
 * The region figures from the roll-ups (migration `region-rollups`), summing the rows of the
 * regions inside the scope of `data` (a report narrows it to the region asked for). Equal to
 * `countActiveTeachers` and `trainingCoverage` (the direct counts, kept as the definitions the
 * tests compare with).
 */
export async function teacherCountsFromRollup(data: ScopedData): Promise<TeacherCounts> {
  const [row] = await data.query<TeacherCounts>(
    (region) =>
      `SELECT coalesce(sum(teachers), 0)::int AS teachers, coalesce(sum(teachers) FILTER (WHERE rural), 0)::int AS "ruralTeachers"
         FROM teacher_rollup WHERE ${region('region_code')}`,
  );
  return { teachers: row?.teachers ?? 0, ruralTeachers: row?.ruralTeachers ?? 0 };
}

/**
 * Active teachers and their trainings in the cycle starting in `cycleStartYear` from the roll-ups;
 * the trained teachers (those reaching the cycle's hours) counted directly. The roll-up's own
 * `trained` column (trained at least once) is not the coverage definition and is not read.
 */
export async function trainingCoverageFromRollup(data: ScopedData, cycleStartYear: number): Promise<CoverageCounts> {
  const [row] = await data.query<{ teachers: number; person_times: string }>(
    (region) =>
      `SELECT (SELECT coalesce(sum(teachers), 0)::int FROM teacher_rollup WHERE ${region('region_code')}) AS teachers,
              coalesce(sum(person_times), 0)::bigint AS person_times
         FROM training_cycle_rollup
        WHERE cycle_start_year = $2 AND ${region('region_code')}`,
    [cycleStartYear],
  );
  const cycle = trainingCycle(cycleStartYear);
  const trained = await countTrainedTeachers(data, cycle.from, cycle.to, CYCLE_REQUIRED_HOURS);
  return { teachers: row?.teachers ?? 0, trained, personTimes: Number(row?.person_times ?? 0) };
}
