import type { EntityManager } from 'typeorm';
import { keysetPage, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { EnrolmentEntity } from '../enrolment/enrolment.entity';
import { UniversityAdmissionEntity } from './admission.entity';

/** One admission inside the scope (locked when asked, inside the write's transaction). */
export function findAdmission(data: ScopedData, id: string, lock = false): Promise<UniversityAdmissionEntity | null> {
  return data.repository(UniversityAdmissionEntity).findById(id, lock ? { lock: true } : undefined);
}

/** One 学籍 inside the scope, locked for the rest of the transaction. */
export function lockSeniorRecord(data: ScopedData, id: string): Promise<EnrolmentEntity | null> {
  return data.repository(EnrolmentEntity).findById(id, { lock: true });
}

/**
 * The person's senior-secondary 学籍 of `academicYear` inside the scope that an admission would
 * follow: a GRADUATED record first, then an ENROLLED one, the highest grade first; locked.
 */
export function lockFinalSeniorRecord(data: ScopedData, personId: string, academicYear: number): Promise<EnrolmentEntity | null> {
  return data
    .repository(EnrolmentEntity)
    .query('e')
    .andWhere('e.person_id = :personId::uuid AND e.academic_year = :academicYear AND e.stage = :stage', { personId, academicYear, stage: 'SENIOR' })
    .andWhere(`e.status IN ('ENROLLED', 'GRADUATED')`)
    .orderBy(`e.status = 'GRADUATED'`, 'DESC')
    .addOrderBy('e.grade', 'DESC')
    .setLock('pessimistic_write')
    .getOne();
}

/**
 * The standing admission of a person and year, in any region: one per person and year across the
 * register (the unique index `university_admission_one_per_year`), so not limited to the scope.
 */
export function findStandingAdmission(manager: EntityManager, personId: string, academicYear: number): Promise<UniversityAdmissionEntity | null> {
  return manager.getRepository(UniversityAdmissionEntity).findOne({ where: { personId, academicYear, status: 'ADMITTED' } });
}

/** A page of a year's admissions inside the scope, by admission date then id. */
export function findAdmissionPage(data: ScopedData, academicYear: number, page: PageRequest): Promise<UniversityAdmissionEntity[]> {
  return keysetPage(admissionsOfYear(data, academicYear), page, [
    { expression: 'a.admitted_on', cast: 'date' },
    { expression: 'a.id', cast: 'uuid' },
  ]);
}

export function countAdmissions(data: ScopedData, academicYear: number): Promise<number> {
  return admissionsOfYear(data, academicYear).getCount();
}

function admissionsOfYear(data: ScopedData, academicYear: number) {
  return data.repository(UniversityAdmissionEntity).query('a').andWhere('a.academic_year = :academicYear', { academicYear });
}
