import type { DataSource, EntityManager } from 'typeorm';
import { escapeLike, findByIdsInRegion, isUuid } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { VocationalProgramEntity } from './program.entity';

/** Programmes by id, limited to those inside `regionPrefix` (one statement per batch). */
export function findProgramsByIds(
  dataSource: DataSource,
  ids: readonly string[],
  regionPrefix: string,
): Promise<VocationalProgramEntity[]> {
  return findByIdsInRegion(dataSource, VocationalProgramEntity, ids, 'regionCode', regionPrefix);
}

/**
 * Programmes by id whatever their region: only for programmes of enrolments the caller may
 * already see (a student of 360323 may study at a school of another county).
 */
export function findProgramsOfVisibleEnrolments(dataSource: DataSource, ids: readonly string[]): Promise<VocationalProgramEntity[]> {
  const keys = ids.filter(isUuid);
  if (keys.length === 0) return Promise.resolve([]);
  return dataSource.getRepository(VocationalProgramEntity).createQueryBuilder('p').where('p.id = ANY(:ids::uuid[])', { ids: keys }).getMany();
}

/** One page of the programmes inside `regionPrefix`, by id (LIMIT first + 1). */
export function findProgramPage(dataSource: DataSource, regionPrefix: string, page: PageRequest): Promise<VocationalProgramEntity[]> {
  const query = dataSource
    .getRepository(VocationalProgramEntity)
    .createQueryBuilder('p')
    .where('p.region_code LIKE :prefix', { prefix: `${escapeLike(regionPrefix)}%` });
  if (page.after) query.andWhere('p.id > :after::uuid', { after: String(page.after[0]) });
  return query.orderBy('p.id').limit(page.first + 1).getMany();
}

export function countPrograms(dataSource: DataSource, regionPrefix: string): Promise<number> {
  return dataSource
    .getRepository(VocationalProgramEntity)
    .createQueryBuilder('p')
    .where('p.region_code LIKE :prefix', { prefix: `${escapeLike(regionPrefix)}%` })
    .getCount();
}

export async function insertProgram(manager: EntityManager, values: Omit<VocationalProgramEntity, 'id'>): Promise<VocationalProgramEntity> {
  const result = await manager.insert(VocationalProgramEntity, values);
  const id = (result.identifiers[0] as { id: string }).id;
  return manager.findOneByOrFail(VocationalProgramEntity, { id });
}
