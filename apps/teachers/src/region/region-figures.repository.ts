import type { DataSource } from 'typeorm';
import { likePrefix, type TeacherCounts } from '../teacher/teacher.repository';
import type { CoverageCounts } from '../training/training.repository';

/**
 * The region figures from the roll-ups (migration `region-rollups`), summing the rows of the
 * regions inside a prefix. Equal to `countActiveTeachers` and `trainingCoverage` (the direct
 * counts, kept as the definitions the tests compare with).
 */
export async function teacherCountsFromRollup(dataSource: DataSource, regionPrefix: string): Promise<TeacherCounts> {
  const [row]: TeacherCounts[] = await dataSource.query(
    `SELECT coalesce(sum(teachers), 0)::int AS teachers, coalesce(sum(teachers) FILTER (WHERE rural), 0)::int AS "ruralTeachers"
       FROM teacher_rollup WHERE region_code LIKE $1`,
    [likePrefix(regionPrefix)],
  );
  return { teachers: row?.teachers ?? 0, ruralTeachers: row?.ruralTeachers ?? 0 };
}

/** Active teachers, those trained in the cycle starting in `cycleStartYear`, and their trainings. */
export async function trainingCoverageFromRollup(dataSource: DataSource, regionPrefix: string, cycleStartYear: number): Promise<CoverageCounts> {
  const [row]: { teachers: number; trained: number; person_times: string }[] = await dataSource.query(
    `SELECT (SELECT coalesce(sum(teachers), 0)::int FROM teacher_rollup WHERE region_code LIKE $1) AS teachers,
            coalesce(sum(trained), 0)::int AS trained,
            coalesce(sum(person_times), 0)::bigint AS person_times
       FROM training_cycle_rollup
      WHERE cycle_start_year = $2 AND region_code LIKE $1`,
    [likePrefix(regionPrefix), cycleStartYear],
  );
  return { teachers: row?.teachers ?? 0, trained: row?.trained ?? 0, personTimes: Number(row?.person_times ?? 0) };
}
