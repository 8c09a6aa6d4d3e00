import type { EntityManager } from 'typeorm';
import type { SchoolType } from '@epg/domain';
import { keysetPage, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { SchoolEntity } from './school.entity';

/** Schools by id inside the scope (one statement per batch). */
export function findSchoolsByIds(data: ScopedData, ids: readonly string[]): Promise<SchoolEntity[]> {
  return data.repository(SchoolEntity).findByIds(ids);
}

/** One school inside the scope, locked for the rest of the transaction (`data` in the transaction). */
export function lockSchool(data: ScopedData, id: string): Promise<SchoolEntity | null> {
  return data.repository(SchoolEntity).findById(id, { lock: true });
}

export interface SchoolListFilter {
  type?: SchoolType | null;
}

/** The schools of the scope (a region-wide list narrows `data` to the requested region first). */
function schoolQuery(data: ScopedData, filter: SchoolListFilter) {
  const qb = data.repository(SchoolEntity).query('s');
  if (filter.type) qb.andWhere('s.type = :type', { type: filter.type });
  return qb;
}

/** A keyset page of schools ordered by code (`first + 1` rows). */
export function findSchoolPage(data: ScopedData, filter: SchoolListFilter, page: PageRequest): Promise<SchoolEntity[]> {
  return keysetPage(schoolQuery(data, filter), page, [{ expression: 's.code' }]);
}

export function countSchools(data: ScopedData, filter: SchoolListFilter): Promise<number> {
  return schoolQuery(data, filter).getCount();
}

/**
 * The school holding `code`, wherever it is: school identification codes are unique across the
 * whole register, so registration checks every region (it answers only "taken", as the unique
 * constraint would).
 */
export function findSchoolByCode(manager: EntityManager, code: string): Promise<SchoolEntity | null> {
  return manager.getRepository(SchoolEntity).findOne({ where: { code } });
}

/**
 * Carries a school's new region onto the rows that copy it as their scope column (facility gaps
 * and improvement projects of the school; enrolments follow by the trigger
 * `school_announce_enrolments`), in the moving write's transaction: left behind, they would stay
 * visible to the old region and hidden from the new one.
 */
export async function moveSchoolRows(manager: EntityManager, schoolId: string, regionCode: string): Promise<void> {
  await manager.query(`UPDATE facility_gap SET region_code = $2 WHERE school_id = $1 AND region_code <> $2`, [schoolId, regionCode]);
  await manager.query(`UPDATE improvement_project SET region_code = $2 WHERE school_id = $1 AND region_code <> $2`, [schoolId, regionCode]);
}
