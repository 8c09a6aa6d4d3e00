import type { ScopedData } from '@epg/persistence';
import { TeacherEntity } from '../teacher/teacher.entity';
import { TrainingRecordEntity } from './training-record.entity';
import { CYCLE_REQUIRED_HOURS, type TrainingGroupRow } from './training.rules';

export interface CoverageCounts {
  teachers: number;
  trained: number;
  personTimes: number;
}

/**
 * Active teachers of the scope, those whose trainings in [from, to] add up to `requiredHours`, and
 * their trainings in it (one statement): the direct count, the definition the roll-ups are tested against.
 */
export async function trainingCoverage(data: ScopedData, from: string, to: string, requiredHours: number = CYCLE_REQUIRED_HOURS): Promise<CoverageCounts> {
  const [row] = await data.query<{ teachers: number; trained: number; person_times: string }>(
    (region) =>
      `SELECT count(*)::int AS teachers,
              count(*) FILTER (WHERE c.hours >= $4)::int AS trained,
              coalesce(sum(c.n), 0)::bigint AS person_times
         FROM teacher t
         CROSS JOIN LATERAL (
           SELECT count(*) AS n, coalesce(sum(r.hours), 0) AS hours FROM training_record r
            WHERE r.teacher_id = t.id AND r.completed_on BETWEEN $2 AND $3
         ) c
        WHERE ${region('t.region_code')} AND t.left_on IS NULL`,
    [from, to, requiredHours],
  );
  return { teachers: row?.teachers ?? 0, trained: row?.trained ?? 0, personTimes: Number(row?.person_times ?? 0) };
}

/**
 * Trainings of many teachers inside the scope, newest first (one statement per batch). They follow
 * the teacher: whoever sees the teacher sees every training, also those recorded in another region.
 */
export function findTrainingsOfTeachers(data: ScopedData, teacherIds: readonly string[]): Promise<TrainingRecordEntity[]> {
  return data.owned(TrainingRecordEntity, 'r', TeacherEntity, (t) => `${t}.id = r.teacher_id`)
    .andWhere('r.teacher_id = ANY(:ids::uuid[])', { ids: teacherIds })
    .orderBy('r.completed_on', 'DESC')
    .addOrderBy('r.id')
    .getMany();
}

/**
 * Active teachers of the scope whose trainings in [from, to] add up to `requiredHours` (the index
 * on (teacher_id, completed_on) sums each teacher's hours): an hours threshold per teacher is not a
 * sum of counts, so the roll-ups cannot hold it.
 */
export async function countTrainedTeachers(data: ScopedData, from: string, to: string, requiredHours: number): Promise<number> {
  const [row] = await data.query<{ trained: number }>(
    (region) =>
      `SELECT count(*)::int AS trained
         FROM teacher t
        WHERE ${region('t.region_code')} AND t.left_on IS NULL
          AND (SELECT coalesce(sum(r.hours), 0) FROM training_record r
                WHERE r.teacher_id = t.id AND r.completed_on BETWEEN $2 AND $3) >= $4`,
    [from, to, requiredHours],
  );
  return row?.trained ?? 0;
}

/** Trainings in [from, to] of the scope's active teachers, per calendar year and level (人次 and hours). */
export async function trainingGroups(data: ScopedData, from: string, to: string): Promise<TrainingGroupRow[]> {
  const rows = await data.query<{ year: number; level: TrainingGroupRow['level']; person_times: number; hours: string }>(
    (region) =>
      `SELECT extract(year FROM r.completed_on)::int AS year, r.level, count(*)::int AS person_times, sum(r.hours)::bigint AS hours
         FROM teacher t
         JOIN training_record r ON r.teacher_id = t.id AND r.completed_on BETWEEN $2 AND $3
        WHERE ${region('t.region_code')} AND t.left_on IS NULL
        GROUP BY 1, 2`,
    [from, to],
  );
  return rows.map((r) => ({ year: r.year, level: r.level, personTimes: r.person_times, hours: Number(r.hours) }));
}
