import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { escapeLike, findByIdsInRegion } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { TeacherEntity } from './teacher.entity';
import { TeacherPostingEntity } from './posting.entity';

export function likePrefix(regionPrefix: string): string {
  return `${escapeLike(regionPrefix)}%`;
}

/** Teachers by id, limited to those inside `regionPrefix` (one statement per batch). */
export function findTeachersByIds(dataSource: DataSource, ids: readonly string[], regionPrefix: string): Promise<TeacherEntity[]> {
  return findByIdsInRegion(dataSource, TeacherEntity, ids, 'regionCode', regionPrefix);
}

/** The active teachers of many schools, limited to those inside `regionPrefix` (one statement per batch). */
export function findTeachersBySchools(
  dataSource: DataSource,
  schoolIds: readonly string[],
  regionPrefix: string,
): Promise<TeacherEntity[]> {
  return dataSource
    .getRepository(TeacherEntity)
    .createQueryBuilder('t')
    .where('t.school_id = ANY(:ids::uuid[])', { ids: schoolIds })
    .andWhere('t.region_code LIKE :prefix', { prefix: likePrefix(regionPrefix) })
    .andWhere('t.left_on IS NULL')
    .orderBy('t.name')
    .addOrderBy('t.id')
    .getMany();
}

/** Postings of many teachers, oldest first (one statement per batch). */
export function findPostingsOfTeachers(dataSource: DataSource, teacherIds: readonly string[]): Promise<TeacherPostingEntity[]> {
  return dataSource
    .getRepository(TeacherPostingEntity)
    .createQueryBuilder('p')
    .where('p.teacher_id = ANY(:ids::uuid[])', { ids: teacherIds })
    .orderBy('p.from_date')
    .getMany();
}

/** Active teachers inside a region prefix, optionally narrowed further by `refine`. */
export function activeTeachersQuery(
  dataSource: DataSource,
  regionPrefix: string,
  refine?: (qb: SelectQueryBuilder<TeacherEntity>) => SelectQueryBuilder<TeacherEntity>,
): SelectQueryBuilder<TeacherEntity> {
  const qb = dataSource
    .getRepository(TeacherEntity)
    .createQueryBuilder('t')
    .where('t.region_code LIKE :prefix', { prefix: likePrefix(regionPrefix) })
    .andWhere('t.left_on IS NULL');
  return refine ? refine(qb) : qb;
}

/** One page (first + 1 rows, keyset on name then id) of a teacher query. */
export function pageOfTeachers(query: SelectQueryBuilder<TeacherEntity>, page: PageRequest): Promise<TeacherEntity[]> {
  const qb = query.clone();
  if (page.after) {
    const [name, id] = page.after;
    qb.andWhere('(t.name, t.id) > (:afterName, :afterId::uuid)', { afterName: String(name), afterId: String(id) });
  }
  return qb.orderBy('t.name').addOrderBy('t.id').limit(page.first + 1).getMany();
}

export interface TeacherCounts {
  teachers: number;
  ruralTeachers: number;
}

export async function countActiveTeachers(dataSource: DataSource, regionPrefix: string): Promise<TeacherCounts> {
  const row = await activeTeachersQuery(dataSource, regionPrefix)
    .select('count(*)::int', 'teachers')
    .addSelect('count(*) FILTER (WHERE t.rural)::int', 'ruralTeachers')
    .getRawOne<TeacherCounts>();
  return { teachers: row?.teachers ?? 0, ruralTeachers: row?.ruralTeachers ?? 0 };
}
