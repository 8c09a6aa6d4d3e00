import type { EntityManager } from 'typeorm';
import { isUuid, type ScopedData } from '@epg/persistence';
import { EnrolmentEntity } from './enrolment.entity';

/** Every enrolment of the given people inside the scope (one statement per batch). */
export function findEnrolmentsByPeople(data: ScopedData, personIds: readonly string[]): Promise<EnrolmentEntity[]> {
  const ids = personIds.filter(isUuid);
  if (ids.length === 0) return Promise.resolve([]);
  return data
    .repository(EnrolmentEntity)
    .query('e')
    .andWhere('e.person_id = ANY(:ids::uuid[])', { ids })
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

/** ENROLLED and boarding counts for many (school, year) pairs inside the scope, in one statement. */
export async function countEnrolmentsBySchoolYear(data: ScopedData, keys: readonly SchoolYearKey[]): Promise<SchoolYearCount[]> {
  const valid = keys.filter((k) => isUuid(k.schoolId));
  if (valid.length === 0) return [];
  const rows = await data.query<{ school_id: string; academic_year: number; enrolled: string; boarding: string }>(
    (region) => `SELECT e.school_id, e.academic_year, count(*) AS enrolled, count(*) FILTER (WHERE e.boarding) AS boarding
       FROM enrolment e
       JOIN unnest($2::uuid[], $3::int[]) AS k(school_id, academic_year)
         ON k.school_id = e.school_id AND k.academic_year = e.academic_year
      WHERE e.status = 'ENROLLED' AND ${region('e.region_code')}
      GROUP BY e.school_id, e.academic_year`,
    [valid.map((k) => k.schoolId), valid.map((k) => k.academicYear)],
  );
  return rows.map((r) => ({
    schoolId: r.school_id,
    academicYear: Number(r.academic_year),
    enrolled: Number(r.enrolled),
    boarding: Number(r.boarding),
  }));
}

/**
 * The ENROLLED record of a person in a year, in any region: a person holds at most one ENROLLED
 * record per year across the whole register (the unique index `enrolment_one_enrolled_per_year`),
 * so the check cannot be limited to the caller's scope.
 */
export function findEnrolledRecord(manager: EntityManager, personId: string, academicYear: number): Promise<EnrolmentEntity | null> {
  return manager.getRepository(EnrolmentEntity).findOne({ where: { personId, academicYear, status: 'ENROLLED' } });
}

/** One enrolment inside the scope, locked for the rest of the transaction (`data` in the transaction). */
export function lockEnrolment(data: ScopedData, id: string): Promise<EnrolmentEntity | null> {
  return data.repository(EnrolmentEntity).findById(id, { lock: true });
}
