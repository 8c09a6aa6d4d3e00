import type { DataSource } from 'typeorm';
import { escapeLike, findByIdsInRegion } from '@epg/persistence';
import { TeacherEntity } from './teacher.entity';

/** Teachers by id, limited to those inside `regionPrefix` (one statement per batch). */
export function findTeachersByIds(dataSource: DataSource, ids: readonly string[], regionPrefix: string): Promise<TeacherEntity[]> {
  return findByIdsInRegion(dataSource, TeacherEntity, ids, 'regionCode', regionPrefix);
}

/** The teachers of many schools, limited to those inside `regionPrefix` (one statement per batch). */
export function findTeachersBySchools(
  dataSource: DataSource,
  schoolIds: readonly string[],
  regionPrefix: string,
): Promise<TeacherEntity[]> {
  return dataSource
    .getRepository(TeacherEntity)
    .createQueryBuilder('t')
    .where('t.school_id = ANY(:ids::uuid[])', { ids: schoolIds })
    .andWhere('t.region_code LIKE :prefix', { prefix: `${escapeLike(regionPrefix)}%` })
    .orderBy('t.name')
    .addOrderBy('t.id')
    .getMany();
}
