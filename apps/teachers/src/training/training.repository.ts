import type { ScopedData } from '@epg/persistence';
import { TeacherEntity } from '../teacher/teacher.entity';
import { TrainingRecordEntity } from './training-record.entity';

export interface CoverageCounts {
  teachers: number;
  trained: number;
  personTimes: number;
}

/**
 * Active teachers of the scope, those trained in [from, to], and their trainings in it (one
 * statement): the direct count, the definition the roll-ups are tested against.
 */
export async function trainingCoverage(data: ScopedData, from: string, to: string): Promise<CoverageCounts> {
  const [row] = await data.query<{ teachers: number; trained: number; person_times: string }>(
    (region) =>
      `SELECT count(*)::int AS teachers,
              count(*) FILTER (WHERE c.n > 0)::int AS trained,
              coalesce(sum(c.n), 0)::bigint AS person_times
         FROM teacher t
         CROSS JOIN LATERAL (
           SELECT count(*) AS n FROM training_record r
            WHERE r.teacher_id = t.id AND r.completed_on BETWEEN $2 AND $3
         ) c
        WHERE ${region('t.region_code')} AND t.left_on IS NULL`,
    [from, to],
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
