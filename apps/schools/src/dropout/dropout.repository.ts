import type { EntityManager } from 'typeorm';
import type { DropoutCaseStatus } from '@epg/domain';
import { isUuid, keysetPage, type RegionPredicate, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { DropoutActionEntity, DropoutCaseEntity } from './dropout.entity';

/**
 * SQL fragment: registered children (`c`) of the projection inside the scope (`region`, the
 * scope's `$1`), of compulsory school age (6–15 on 1 September of academic year `$2`), not
 * removed and not of a REMOVED household.
 */
export const schoolAgeChildrenSql = (region: RegionPredicate) => `
  SELECT c.person_id, c.village_code FROM registered_child c
   WHERE ${region('c.village_code')}
     AND NOT c.removed AND c.household_status <> 'REMOVED'
     AND c.birth_date <= (make_date($2::int, 9, 1) - interval '6 years')::date
     AND c.birth_date >  (make_date($2::int, 9, 1) - interval '16 years')::date`;

const ENROLLED_SQL = (person: string) =>
  `EXISTS (SELECT 1 FROM enrolment x WHERE x.person_id = ${person} AND x.academic_year = $2::int AND x.status = 'ENROLLED')`;

export interface ScanCounts {
  opened: string[];
  alreadyOpen: number;
  closedAsEnrolled: string[];
}

/**
 * The set-based scan of the region `data` is narrowed to, inside the caller's transaction (`data`
 * in the transaction), for ONE academic year: closes that year's open cases of children now
 * enrolled that year, counts unenrolled children whose case of the year is already open, and opens
 * a SUSPECTED case for every other unenrolled school-age child with no case of the year (one case
 * per child and year, 一生一案: a closed case is never followed by a second). Other years' cases
 * are never touched: enrolment in 2022 says nothing about 2023.
 * The scope places the region predicate as `$1`; `$2` is the academic year, `$3` today.
 */
export async function scanCases(data: ScopedData, academicYear: number, today: string): Promise<ScanCounts> {
  const params = [academicYear, today];
  const closed = await data.query<{ id: string }>(
    (region) => `WITH closed AS (
       UPDATE dropout_case d SET status = 'CLOSED', closed_on = $3::date, close_reason = 'ENROLLED'
        WHERE d.status <> 'CLOSED' AND d.academic_year = $2::int AND ${region('d.region_code')} AND ${ENROLLED_SQL('d.person_id')}
        RETURNING d.id),
     logged AS (
       INSERT INTO dropout_action (case_id, kind, on_date, note, status_after)
       SELECT id, 'CLOSED', $3::date, '已入学, 自动销号 (enrolled in ' || $2::int || ')', 'CLOSED' FROM closed)
     SELECT id FROM closed`,
    params,
  );
  const [already] = await data.query<{ n: string }>(
    (region) => `SELECT count(*) AS n FROM (${schoolAgeChildrenSql(region)}) k
      WHERE NOT ${ENROLLED_SQL('k.person_id')}
        AND EXISTS (SELECT 1 FROM dropout_case d WHERE d.person_id = k.person_id AND d.academic_year = $2::int AND d.status <> 'CLOSED')`,
    params.slice(0, 1),
  );
  const opened = await data.query<{ id: string }>(
    (region) => `WITH opened AS (
       INSERT INTO dropout_case (person_id, region_code, academic_year, status, opened_on)
       SELECT k.person_id, k.village_code, $2::int, 'SUSPECTED', $3::date FROM (${schoolAgeChildrenSql(region)}) k
        WHERE NOT ${ENROLLED_SQL('k.person_id')}
          AND NOT EXISTS (SELECT 1 FROM dropout_case d WHERE d.person_id = k.person_id AND d.academic_year = $2::int)
       ON CONFLICT (person_id, academic_year) DO NOTHING
       RETURNING id)
     SELECT id FROM opened`,
    params,
  );
  return { opened: opened.map((r) => r.id), alreadyOpen: Number(already?.n ?? 0), closedAsEnrolled: closed.map((r) => r.id) };
}

export interface CaseFilter {
  status?: DropoutCaseStatus | null;
}

/** The cases of the scope (a region-wide list narrows `data` to the requested region first). */
function caseQuery(data: ScopedData, filter: CaseFilter) {
  const qb = data.repository(DropoutCaseEntity).query('d');
  if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
  return qb;
}

/** A keyset page of cases, newest first (`first + 1` rows). */
export function findCasePage(data: ScopedData, filter: CaseFilter, page: PageRequest): Promise<DropoutCaseEntity[]> {
  return keysetPage(
    caseQuery(data, filter),
    page,
    [
      { expression: 'd.opened_on', cast: 'date' },
      { expression: 'd.id', cast: 'uuid' },
    ],
    'DESC',
  );
}

export function countCases(data: ScopedData, filter: CaseFilter): Promise<number> {
  return caseQuery(data, filter).getCount();
}

/** The actions of cases inside the scope, oldest first (an action has no region of its own: its case's). */
export function findActionsByCases(data: ScopedData, caseIds: readonly string[]): Promise<DropoutActionEntity[]> {
  const ids = caseIds.filter(isUuid);
  if (!ids.length) return Promise.resolve([]);
  return data
    .owned(DropoutActionEntity, 'a', DropoutCaseEntity, (d) => `${d}.id = a.case_id`)
    .andWhere('a.case_id = ANY(:ids::uuid[])', { ids })
    .orderBy('a.on_date', 'ASC')
    .addOrderBy('a.id', 'ASC')
    .getMany();
}

/** One case inside the scope, locked for the rest of the transaction (`data` in the transaction). */
export function lockCase(data: ScopedData, id: string): Promise<DropoutCaseEntity | null> {
  return data.repository(DropoutCaseEntity).findById(id, { lock: true });
}

/** The latest action of a case (found in scope by the caller). */
export function findLastAction(manager: EntityManager, caseId: string): Promise<DropoutActionEntity | null> {
  return manager
    .getRepository(DropoutActionEntity)
    .createQueryBuilder('a')
    .where('a.case_id = :caseId', { caseId })
    .orderBy('a.on_date', 'DESC')
    .addOrderBy('a.id', 'DESC')
    .getOne();
}
