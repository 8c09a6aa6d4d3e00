import type { EntityManager } from 'typeorm';
import type { VocationalEnrolmentStatus } from '@epg/domain';
import { cursorParameters, isUuid, keysetPage, type RegionPredicate, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { VocationalEnrolmentEntity, type NonContinuingGraduateSource } from './enrolment.entity';

/** Enrolments by id inside the scope (one statement per batch). */
export function findEnrolmentsByIds(data: ScopedData, ids: readonly string[]): Promise<VocationalEnrolmentEntity[]> {
  return data.repository(VocationalEnrolmentEntity).findByIds(ids);
}

/** Enrolments of many people inside the scope (one statement), latest start first. */
export function findEnrolmentsOfPeople(data: ScopedData, personIds: readonly string[]): Promise<VocationalEnrolmentEntity[]> {
  const keys = personIds.filter(isUuid);
  if (keys.length === 0) return Promise.resolve([]);
  return data
    .repository(VocationalEnrolmentEntity)
    .query('e')
    .andWhere('e.person_id = ANY(:ids::uuid[])', { ids: keys })
    .orderBy('e.start_year', 'DESC')
    .addOrderBy('e.created_at', 'DESC')
    .getMany();
}

/** An enrolment inside the scope, locked for the rest of the transaction (`data` of a write). */
export function lockEnrolment(data: ScopedData, id: string): Promise<VocationalEnrolmentEntity | null> {
  return data.repository(VocationalEnrolmentEntity).findById(id, { lock: true });
}

/**
 * The person's live (ENROLLED) vocational enrolment, if any, whatever its region: deliberately
 * unscoped, as the rule "one live enrolment per person" (unique index
 * `vocational_enrolment_live_idx`) holds across regions — a person of the caller's region may
 * have been enrolled while living in another. Only used to refuse a second enrolment.
 */
export function findLiveEnrolment(manager: EntityManager, personId: string): Promise<VocationalEnrolmentEntity | null> {
  return manager.getRepository(VocationalEnrolmentEntity).findOne({ where: { personId, status: 'ENROLLED' } });
}

/** A 两后生 candidate not yet enrolled in vocational education, from the flag table and the projection. */
export interface NonContinuingGraduateRow {
  personId: string;
  householdId: string | null;
  regionCode: string;
  year: number;
  flaggedAt: Date;
  source: NonContinuingGraduateSource;
}

interface RawCandidate {
  person_id: string;
  household_id: string;
  village_code: string;
  year: number;
  flagged_at: Date;
  source: NonContinuingGraduateSource;
}

/**
 * People flagged or detected 两后生 inside the scope (by the village of their household in the
 * projection) whose household is registered (not REMOVED), aged `ageFrom`–`ageTo` on `onDate`,
 * with no ENROLLED or GRADUATED vocational enrolment (in any region) and no continuing 学籍 (a
 * record of the projection from the academic year starting in the year they finished): a page by person id (LIMIT
 * first + 1) or the count. The scope owns `$1`; the filter's parameters are $2–$4.
 */
function twoAfterSql(region: RegionPredicate, select: string, tail: string) {
  return `
    SELECT ${select}
      FROM non_continuing_graduate f
      JOIN household_member m ON m.person_id = f.person_id
     WHERE ${region('m.village_code')} AND NOT m.removed AND m.household_status <> 'REMOVED'
       AND m.birth_date <= ($2::date - make_interval(years => $3::int))::date
       AND m.birth_date > ($2::date - make_interval(years => $4::int + 1))::date
       AND NOT EXISTS (SELECT 1 FROM vocational_enrolment e
                        WHERE e.person_id = f.person_id AND e.status IN ('ENROLLED', 'GRADUATED'))
       AND NOT EXISTS (SELECT 1 FROM school_record r
                        WHERE r.person_id = f.person_id AND r.status <> 'TRANSFERRED_OUT' AND r.academic_year >= f.year)
       ${tail}`;
}

export interface TwoAfterFilter {
  onDate: string;
  ageFrom: number;
  ageTo: number;
}

/** One page of the 两后生 of the scope (`data`, narrowed to the requested region). */
export async function findTwoAfterPage(data: ScopedData, filter: TwoAfterFilter, page: PageRequest): Promise<NonContinuingGraduateRow[]> {
  const params: unknown[] = [filter.onDate, filter.ageFrom, filter.ageTo, page.first + 1];
  let after = '';
  if (page.after) {
    params.push(...cursorParameters(page.after, ['uuid']));
    after = 'AND f.person_id > $6::uuid';
  }
  const rows = await data.query<RawCandidate>(
    (region) => twoAfterSql(region, 'f.person_id, m.household_id, m.village_code, f.year, f.flagged_at, f.source', `${after} ORDER BY f.person_id LIMIT $5`),
    params,
  );
  return rows.map((r) => ({ personId: r.person_id, householdId: r.household_id, regionCode: r.village_code, year: r.year, flaggedAt: r.flagged_at, source: r.source }));
}

export async function countTwoAfter(data: ScopedData, filter: TwoAfterFilter): Promise<number> {
  const rows = await data.query<{ n: string }>((region) => twoAfterSql(region, 'count(*) AS n', ''), [filter.onDate, filter.ageFrom, filter.ageTo]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * SQL: enrolment `alias` is a student during academic year `param` — started by then and not
 * ended before it. The one definition of the vocational list's `academicYear` filter and of the
 * dashboard's `vocationalStudents`.
 */
export function studyingInYearSql(alias: string, param: string): string {
  return `(${alias}.start_year <= ${param} AND (${alias}.end_academic_year IS NULL OR ${alias}.end_academic_year >= ${param}))`;
}

/** Filters of the vocational enrolment list (the region is the scope of `data`). */
export interface EnrolmentListFilter {
  programId?: string | null;
  status?: VocationalEnrolmentStatus | null;
  /** Only students during this academic year. */
  academicYear?: number | null;
}

function enrolmentListQuery(data: ScopedData, filter: EnrolmentListFilter) {
  const query = data.repository(VocationalEnrolmentEntity).query('e');
  if (filter.programId) query.andWhere('e.program_id = :programId::uuid', { programId: filter.programId });
  if (filter.status) query.andWhere('e.status = :status', { status: filter.status });
  if (filter.academicYear != null) query.andWhere(studyingInYearSql('e', ':academicYear::int'), { academicYear: filter.academicYear });
  return query;
}

/** One page of the enrolments of people of the scope, by id (first + 1 rows). */
export function findEnrolmentPage(data: ScopedData, filter: EnrolmentListFilter, page: PageRequest): Promise<VocationalEnrolmentEntity[]> {
  return keysetPage(enrolmentListQuery(data, filter), page, [{ expression: 'e.id', cast: 'uuid' }]);
}

export function countEnrolmentList(data: ScopedData, filter: EnrolmentListFilter): Promise<number> {
  return enrolmentListQuery(data, filter).getCount();
}
