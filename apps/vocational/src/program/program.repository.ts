import { withinSchoolScope, type Principal } from '@epg/auth';
import { isUuid, keysetPage, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { VocationalEnrolmentEntity } from '../enrolment/enrolment.entity';
import { insertInScope } from '../shared/insert';
import { VocationalProgramEntity } from './program.entity';

/**
 * Programmes by id the caller may see: inside its region scope (one statement per batch), and
 * for SCHOOL staff only those of their own school.
 */
export async function findVisiblePrograms(data: ScopedData, principal: Principal, ids: readonly string[]): Promise<VocationalProgramEntity[]> {
  return (await data.repository(VocationalProgramEntity).findByIds(ids)).filter((p) => withinSchoolScope(principal, p.schoolId));
}

/**
 * Programmes by id whatever the school's region, as long as the caller sees an enrolment in them
 * (a student of 360323 may study at a school of another county): the scope applies to the
 * enrolments, one statement per batch.
 */
export function findProgramsOfVisibleEnrolments(data: ScopedData, ids: readonly string[]): Promise<VocationalProgramEntity[]> {
  const keys = ids.filter(isUuid);
  if (keys.length === 0) return Promise.resolve([]);
  const visibleEnrolment = data.repository(VocationalEnrolmentEntity).query('e').select('1').andWhere('e.program_id = p.id');
  return data.manager
    .getRepository(VocationalProgramEntity)
    .createQueryBuilder('p')
    .where('p.id = ANY(:ids::uuid[])', { ids: keys })
    .andWhere(`EXISTS (${visibleEnrolment.getQuery()})`)
    .setParameters(visibleEnrolment.getParameters())
    .getMany();
}

/** One page of the programmes of the scope, by id (first + 1 rows). */
export function findProgramPage(data: ScopedData, page: PageRequest): Promise<VocationalProgramEntity[]> {
  return keysetPage(data.repository(VocationalProgramEntity).query('p'), page, [{ expression: 'p.id', cast: 'uuid' }]);
}

export function countPrograms(data: ScopedData): Promise<number> {
  return data.repository(VocationalProgramEntity).count('p');
}

/** Inserts a programme (in a write's scoped data) and reads it back through the scope. */
export function insertProgram(data: ScopedData, values: Omit<VocationalProgramEntity, 'id'>): Promise<VocationalProgramEntity> {
  return insertInScope(data, VocationalProgramEntity, values);
}
