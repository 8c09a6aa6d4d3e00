import type { DataSource, EntityManager } from 'typeorm';
import type { SchoolType } from '@epg/domain';
import { escapeLike, findByIdsInRegion, isUuid } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { SchoolEntity } from './school.entity';

/** Schools by id, limited to those inside `regionPrefix` (one statement per batch). */
export function findSchoolsByIds(dataSource: DataSource, ids: readonly string[], regionPrefix: string): Promise<SchoolEntity[]> {
  return findByIdsInRegion(dataSource, SchoolEntity, ids, 'regionCode', regionPrefix);
}

/** One school in scope, locked for the rest of the transaction. */
export async function lockSchoolInRegion(manager: EntityManager, id: string, regionPrefix: string): Promise<SchoolEntity | null> {
  if (!isUuid(id)) return null;
  return manager
    .getRepository(SchoolEntity)
    .createQueryBuilder('s')
    .setLock('pessimistic_write')
    .where('s.id = :id', { id })
    .andWhere('s.region_code LIKE :prefix', { prefix: `${escapeLike(regionPrefix)}%` })
    .getOne();
}

export interface SchoolListFilter {
  regionPrefix: string;
  type?: SchoolType | null;
}

function schoolQuery(dataSource: DataSource, filter: SchoolListFilter) {
  const qb = dataSource
    .getRepository(SchoolEntity)
    .createQueryBuilder('s')
    .where('s.region_code LIKE :prefix', { prefix: `${escapeLike(filter.regionPrefix)}%` });
  if (filter.type) qb.andWhere('s.type = :type', { type: filter.type });
  return qb;
}

/** A keyset page of schools ordered by code (`first + 1` rows). */
export function findSchoolPage(dataSource: DataSource, filter: SchoolListFilter, page: PageRequest): Promise<SchoolEntity[]> {
  const qb = schoolQuery(dataSource, filter);
  if (page.after) qb.andWhere('s.code > :after', { after: String(page.after[0]) });
  return qb.orderBy('s.code', 'ASC').limit(page.first + 1).getMany();
}

export function countSchools(dataSource: DataSource, filter: SchoolListFilter): Promise<number> {
  return schoolQuery(dataSource, filter).getCount();
}

export function findSchoolByCode(manager: EntityManager, code: string): Promise<SchoolEntity | null> {
  return manager.getRepository(SchoolEntity).findOne({ where: { code } });
}
