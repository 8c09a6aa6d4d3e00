import type { DataSource } from 'typeorm';
import { likePrefix } from '../teacher/teacher.repository';
import { TrainingRecordEntity } from './training-record.entity';

export interface CoverageCounts {
  teachers: number;
  trained: number;
  personTimes: number;
}

/** Active teachers of a region, those trained in [from, to], and their trainings in it (one statement). */
export async function trainingCoverage(dataSource: DataSource, regionPrefix: string, from: string, to: string): Promise<CoverageCounts> {
  const [row]: { teachers: number; trained: number; person_times: string }[] = await dataSource.query(
    `SELECT count(*)::int AS teachers,
            count(*) FILTER (WHERE c.n > 0)::int AS trained,
            coalesce(sum(c.n), 0)::bigint AS person_times
       FROM teacher t
       CROSS JOIN LATERAL (
         SELECT count(*) AS n FROM training_record r
          WHERE r.teacher_id = t.id AND r.completed_on BETWEEN $2 AND $3
       ) c
      WHERE t.region_code LIKE $1 AND t.left_on IS NULL`,
    [likePrefix(regionPrefix), from, to],
  );
  return { teachers: row?.teachers ?? 0, trained: row?.trained ?? 0, personTimes: Number(row?.person_times ?? 0) };
}

/** Trainings of many teachers, newest first (one statement per batch). */
export function findTrainingsOfTeachers(dataSource: DataSource, teacherIds: readonly string[]): Promise<TrainingRecordEntity[]> {
  return dataSource
    .getRepository(TrainingRecordEntity)
    .createQueryBuilder('r')
    .where('r.teacher_id = ANY(:ids::uuid[])', { ids: teacherIds })
    .orderBy('r.completed_on', 'DESC')
    .addOrderBy('r.id')
    .getMany();
}
