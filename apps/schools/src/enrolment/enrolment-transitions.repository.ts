import type { EntityManager } from 'typeorm';
import type { EnrolmentStatus } from '@epg/domain';
import { isUuid, keysetPage, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { DropoutCaseEntity } from '../dropout/dropout.entity';
import { EnrolmentEntity } from './enrolment.entity';
import { EnrolmentTransitionEntity } from './enrolment-transition.entity';

export interface EnrolmentListFilter {
  academicYear: number;
  status?: EnrolmentStatus | null;
  /** One school's records (a roster, or school staff's view of a region list). */
  schoolId?: string | null;
}

/** The records of the scope matching the filter (a region list narrows `data` to its region first). */
function enrolmentQuery(data: ScopedData, filter: EnrolmentListFilter) {
  const qb = data.repository(EnrolmentEntity).query('e').andWhere('e.academic_year = :year', { year: filter.academicYear });
  if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
  if (filter.schoolId) qb.andWhere('e.school_id = :schoolId::uuid', { schoolId: filter.schoolId });
  return qb;
}

/** The sort keys of an enrolment list: by school, then class (stage, grade), then record. */
export const ENROLMENT_LIST_KEYS = [
  { expression: 'e.school_id', cast: 'uuid' },
  { expression: 'e.stage', cast: 'text' },
  { expression: 'e.grade', cast: 'int' },
  { expression: 'e.id', cast: 'uuid' },
] as const;

export const enrolmentCursorOf = (e: EnrolmentEntity) => [e.schoolId, e.stage, e.grade, e.id];

/** A keyset page of records (`first + 1` rows). */
export function findEnrolmentPage(data: ScopedData, filter: EnrolmentListFilter, page: PageRequest): Promise<EnrolmentEntity[]> {
  return keysetPage(enrolmentQuery(data, filter), page, ENROLMENT_LIST_KEYS);
}

export function countEnrolments(data: ScopedData, filter: EnrolmentListFilter): Promise<number> {
  return enrolmentQuery(data, filter).getCount();
}

/** The history of records inside the scope, oldest first (one statement per batch). */
export function findTransitionsByEnrolments(data: ScopedData, enrolmentIds: readonly string[]): Promise<EnrolmentTransitionEntity[]> {
  const ids = enrolmentIds.filter(isUuid);
  if (!ids.length) return Promise.resolve([]);
  return data
    .repository(EnrolmentTransitionEntity)
    .query('t')
    .andWhere('t.enrolment_id = ANY(:ids::uuid[])', { ids })
    .orderBy('t.on_date', 'ASC')
    .addOrderBy('t.id', 'ASC')
    .getMany();
}

/**
 * The dropout case a record links to, inside the scope: the child's case of the record's year, or
 * failing that the child's open case of another year (one open case per child, 一生一案).
 */
export function findDropoutCaseFor(data: ScopedData, personId: string, academicYear: number): Promise<DropoutCaseEntity | null> {
  return data
    .repository(DropoutCaseEntity)
    .query('d')
    .andWhere('d.person_id = :personId::uuid', { personId })
    .andWhere(`(d.academic_year = :year OR d.status <> 'CLOSED')`, { year: academicYear })
    .orderBy('(d.academic_year = :year)', 'DESC')
    .setParameter('year', academicYear)
    .limit(1)
    .getOne();
}

/** What `openDropoutCaseFor` did: the case, its image before (null when it opened it), whether it changed. */
export interface DropoutLink {
  caseRow: DropoutCaseEntity;
  before: DropoutCaseEntity | null;
  changed: boolean;
}

/**
 * Puts a pupil who dropped out under dropout control (控辍保学), inside the dropout's transaction:
 * the child's case of the year is CONFIRMED (a SUSPECTED one confirmed, a CLOSED one reopened),
 * or a CONFIRMED case is opened in the child's village (the registry projection's; the school's
 * region when the child is not projected) — unless the child already has an open case of another
 * year, which stays the one case worked (one open case per child). Reads the cases unscoped: the
 * child's village may lie outside the school's region, and the case must not be duplicated.
 */
export async function openDropoutCaseFor(
  manager: EntityManager,
  record: { personId: string; academicYear: number; regionCode: string },
  on: string,
): Promise<DropoutLink> {
  const cases = manager.getRepository(DropoutCaseEntity);
  const ofYear = await cases
    .createQueryBuilder('d')
    .setLock('pessimistic_write')
    .where('d.person_id = :personId AND d.academic_year = :year', { personId: record.personId, year: record.academicYear })
    .getOne();
  const openElsewhere = await cases
    .createQueryBuilder('d')
    .where(`d.person_id = :personId AND d.status <> 'CLOSED' AND d.academic_year <> :year`, { personId: record.personId, year: record.academicYear })
    .getOne();
  if (ofYear && ofYear.status !== 'CLOSED') {
    if (ofYear.status !== 'SUSPECTED') return { caseRow: ofYear, before: { ...ofYear }, changed: false };
    const before = { ...ofYear };
    ofYear.status = 'CONFIRMED';
    return { caseRow: await cases.save(ofYear), before, changed: true };
  }
  if (openElsewhere) return { caseRow: openElsewhere, before: { ...openElsewhere }, changed: false };
  if (ofYear) {
    const before = { ...ofYear };
    Object.assign(ofYear, { status: 'CONFIRMED', closedOn: null, closeReason: null, closedAs: null });
    return { caseRow: await cases.save(ofYear), before, changed: true };
  }
  const [child] = await manager.query(`SELECT village_code FROM registered_child WHERE person_id = $1`, [record.personId]);
  const opened = await cases.save(
    cases.create({
      personId: record.personId,
      regionCode: (child?.village_code ?? record.regionCode) as DropoutCaseEntity['regionCode'],
      academicYear: record.academicYear,
      status: 'CONFIRMED',
      openedOn: on,
      closedOn: null,
      closeReason: null,
      closedAs: null,
      assigneeName: null,
      assigneeRole: null,
      assigneePhone: null,
    }),
  );
  return { caseRow: opened, before: null, changed: true };
}
