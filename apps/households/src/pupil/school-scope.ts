import type { Principal } from '@epg/auth';
import { isUuid } from '@epg/persistence';
import type { SelectQueryBuilder } from 'typeorm';

/**
 * What SCHOOL staff may read of the households service (DESIGN.md: their own school's pupils
 * only): persons with an enrolment (any year, any status) at the caller's school, and the
 * households such a pupil belongs to. Anything else answers as a missing id would (null, not
 * FORBIDDEN), so an id tells them nothing about who else is registered. Other roles: no narrowing.
 */
export function schoolOf(principal: Principal): string | null {
  if (principal.role !== 'SCHOOL') return null;
  // A SCHOOL token names its school (refused at authentication otherwise); an id that is no
  // UUID matches no enrolment — never widen here.
  return principal.schoolId && isUuid(principal.schoolId) ? principal.schoolId : NO_SCHOOL;
}

const NO_SCHOOL = '00000000-0000-0000-0000-000000000000';

/** Narrows a person query (alias `p`) to pupils of the school. */
export function pupilsOnly<T extends object>(query: SelectQueryBuilder<T>, alias: string, schoolId: string): SelectQueryBuilder<T> {
  return query.andWhere(
    `EXISTS (SELECT 1 FROM pupil_enrolment e WHERE e.school_id = :pupilSchool::uuid AND e.person_id = ${alias}.id)`,
    { pupilSchool: schoolId },
  );
}

/** Narrows a household query (alias `h`) to households with a pupil of the school. */
export function pupilHouseholdsOnly<T extends object>(query: SelectQueryBuilder<T>, alias: string, schoolId: string): SelectQueryBuilder<T> {
  return query.andWhere(
    `EXISTS (SELECT 1 FROM person m JOIN pupil_enrolment e ON e.person_id = m.id
              WHERE e.school_id = :pupilSchool::uuid AND m.household_id = ${alias}.id)`,
    { pupilSchool: schoolId },
  );
}
