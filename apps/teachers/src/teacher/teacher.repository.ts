import type { SelectQueryBuilder } from 'typeorm';
import { keysetPage, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { TeacherEntity } from './teacher.entity';
import { TeacherPostingEntity } from './posting.entity';

/** Teachers by id inside the scope (one statement per batch). */
export function findTeachersByIds(data: ScopedData, ids: readonly string[]): Promise<TeacherEntity[]> {
  return data.repository(TeacherEntity).findByIds(ids);
}

/** The active teachers of many schools inside the scope (one statement per batch). */
export function findTeachersBySchools(data: ScopedData, schoolIds: readonly string[]): Promise<TeacherEntity[]> {
  return data
    .repository(TeacherEntity)
    .query('t')
    .andWhere('t.school_id = ANY(:ids::uuid[])', { ids: schoolIds })
    .andWhere('t.left_on IS NULL')
    .orderBy('t.name')
    .addOrderBy('t.id')
    .getMany();
}

/**
 * Postings of many teachers inside the scope, oldest first (one statement per batch). A teacher's
 * history follows the teacher: whoever sees the teacher sees every posting, also those at schools
 * of another region before a move.
 */
export function findPostingsOfTeachers(data: ScopedData, teacherIds: readonly string[]): Promise<TeacherPostingEntity[]> {
  return postingsOfTeachersInScope(data)
    .andWhere('p.teacher_id = ANY(:ids::uuid[])', { ids: teacherIds })
    .orderBy('p.from_date')
    .getMany();
}

/** Postings (alias `p`) of the teachers inside the scope. */
export function postingsOfTeachersInScope(data: ScopedData): SelectQueryBuilder<TeacherPostingEntity> {
  return data.owned(TeacherPostingEntity, 'p', TeacherEntity, (t) => `${t}.id = p.teacher_id`);
}

/** Active teachers of the scope (alias `t`), optionally narrowed further by `refine`. */
export function activeTeachersQuery(
  data: ScopedData,
  refine?: (qb: SelectQueryBuilder<TeacherEntity>) => SelectQueryBuilder<TeacherEntity>,
): SelectQueryBuilder<TeacherEntity> {
  const qb = data.repository(TeacherEntity).query('t').andWhere('t.left_on IS NULL');
  return refine ? refine(qb) : qb;
}

/** One page (first + 1 rows, keyset on name then id) of a teacher query. */
export function pageOfTeachers(query: SelectQueryBuilder<TeacherEntity>, page: PageRequest): Promise<TeacherEntity[]> {
  return keysetPage(query, page, [{ expression: 't.name' }, { expression: 't.id', cast: 'uuid' }]);
}

export interface TeacherCounts {
  teachers: number;
  ruralTeachers: number;
}

/** Active teachers of the scope, counted directly (the definition the roll-ups are tested against). */
export async function countActiveTeachers(data: ScopedData): Promise<TeacherCounts> {
  const row = await activeTeachersQuery(data)
    .select('count(*)::int', 'teachers')
    .addSelect('count(*) FILTER (WHERE t.rural)::int', 'ruralTeachers')
    .getRawOne<TeacherCounts>();
  return { teachers: row?.teachers ?? 0, ruralTeachers: row?.ruralTeachers ?? 0 };
}
