import type { DataSource, EntityManager } from 'typeorm';
import { escapeLike, isUuid } from '@epg/persistence';
import { EnrolmentEntity } from './enrolment.entity';

const like = (prefix: string) => `${escapeLike(prefix)}%`;

/** Every enrolment of the given people inside the region scope (one statement per batch). */
export function findEnrolmentsByPeople(dataSource: DataSource, personIds: readonly string[], regionPrefix: string): Promise<EnrolmentEntity[]> {
  const ids = personIds.filter(isUuid);
  if (ids.length === 0) return Promise.resolve([]);
  return dataSource
    .getRepository(EnrolmentEntity)
    .createQueryBuilder('e')
    .where('e.person_id = ANY(:ids::uuid[])', { ids })
    .andWhere('e.region_code LIKE :prefix', { prefix: like(regionPrefix) })
    .orderBy('e.academic_year', 'DESC')
    .addOrderBy('e.enrolled_on', 'DESC')
    .getMany();
}

export interface SchoolYearKey {
  schoolId: string;
  academicYear: number;
}

export interface SchoolYearCount extends SchoolYearKey {
  enrolled: number;
  boarding: number;
}

/** ENROLLED and boarding counts for many (school, year) pairs in one statement. */
export async function countEnrolmentsBySchoolYear(
  dataSource: DataSource,
  keys: readonly SchoolYearKey[],
  regionPrefix: string,
): Promise<SchoolYearCount[]> {
  const valid = keys.filter((k) => isUuid(k.schoolId));
  if (valid.length === 0) return [];
  const rows: { school_id: string; academic_year: number; enrolled: string; boarding: string }[] = await dataSource.query(
    `SELECT e.school_id, e.academic_year, count(*) AS enrolled, count(*) FILTER (WHERE e.boarding) AS boarding
       FROM enrolment e
       JOIN unnest($1::uuid[], $2::int[]) AS k(school_id, academic_year)
         ON k.school_id = e.school_id AND k.academic_year = e.academic_year
      WHERE e.status = 'ENROLLED' AND e.region_code LIKE $3
      GROUP BY e.school_id, e.academic_year`,
    [valid.map((k) => k.schoolId), valid.map((k) => k.academicYear), like(regionPrefix)],
  );
  return rows.map((r) => ({
    schoolId: r.school_id,
    academicYear: Number(r.academic_year),
    enrolled: Number(r.enrolled),
    boarding: Number(r.boarding),
  }));
}

/** The ENROLLED record of a person in a year, if any. */
export function findEnrolledRecord(manager: EntityManager, personId: string, academicYear: number): Promise<EnrolmentEntity | null> {
  return manager.getRepository(EnrolmentEntity).findOne({ where: { personId, academicYear, status: 'ENROLLED' } });
}

/** One enrolment in scope, locked for the rest of the transaction. */
export function lockEnrolmentInRegion(manager: EntityManager, id: string, regionPrefix: string): Promise<EnrolmentEntity | null> {
  if (!isUuid(id)) return Promise.resolve(null);
  return manager
    .getRepository(EnrolmentEntity)
    .createQueryBuilder('e')
    .setLock('pessimistic_write')
    .where('e.id = :id', { id })
    .andWhere('e.region_code LIKE :prefix', { prefix: like(regionPrefix) })
    .getOne();
}
