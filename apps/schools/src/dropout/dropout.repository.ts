import type { DataSource, EntityManager } from 'typeorm';
import type { DropoutCaseStatus } from '@epg/domain';
import { escapeLike, isUuid } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { DropoutActionEntity, DropoutCaseEntity } from './dropout.entity';

const like = (prefix: string) => `${escapeLike(prefix)}%`;

/**
 * SQL fragment: registered children (`c`) of the projection inside region `$1`, of compulsory
 * school age (6–15 on 1 September of academic year `$2`), not removed and not of a REMOVED household.
 */
export const SCHOOL_AGE_CHILDREN_SQL = `
  SELECT c.person_id, c.village_code FROM registered_child c
   WHERE c.village_code LIKE $1
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
 * The set-based scan, inside the caller's transaction: closes open cases of children now
 * enrolled, counts unenrolled children whose case is already open, and opens a SUSPECTED
 * case for every other unenrolled school-age child.
 */
export async function scanCases(manager: EntityManager, regionPrefix: string, academicYear: number, today: string): Promise<ScanCounts> {
  const params = [like(regionPrefix), academicYear, today];
  const closed: { id: string }[] = await manager.query(
    `WITH closed AS (
       UPDATE dropout_case d SET status = 'CLOSED', closed_on = $3::date, close_reason = 'ENROLLED'
        WHERE d.status <> 'CLOSED' AND d.region_code LIKE $1 AND ${ENROLLED_SQL('d.person_id')}
        RETURNING d.id),
     logged AS (
       INSERT INTO dropout_action (case_id, kind, on_date, note, status_after)
       SELECT id, 'CLOSED', $3::date, '已入学, 自动销号 (enrolled in ' || $2::int || ')', 'CLOSED' FROM closed)
     SELECT id FROM closed`,
    params,
  );
  const [already] = (await manager.query(
    `SELECT count(*) AS n FROM (${SCHOOL_AGE_CHILDREN_SQL}) k
      WHERE NOT ${ENROLLED_SQL('k.person_id')}
        AND EXISTS (SELECT 1 FROM dropout_case d WHERE d.person_id = k.person_id AND d.status <> 'CLOSED')`,
    params.slice(0, 2),
  )) as { n: string }[];
  const opened: { id: string }[] = await manager.query(
    `WITH opened AS (
       INSERT INTO dropout_case (person_id, region_code, academic_year, status, opened_on)
       SELECT k.person_id, k.village_code, $2::int, 'SUSPECTED', $3::date FROM (${SCHOOL_AGE_CHILDREN_SQL}) k
        WHERE NOT ${ENROLLED_SQL('k.person_id')}
          AND NOT EXISTS (SELECT 1 FROM dropout_case d WHERE d.person_id = k.person_id AND d.status <> 'CLOSED')
       ON CONFLICT (person_id) WHERE status <> 'CLOSED' DO NOTHING
       RETURNING id)
     SELECT id FROM opened`,
    params,
  );
  return { opened: opened.map((r) => r.id), alreadyOpen: Number(already?.n ?? 0), closedAsEnrolled: closed.map((r) => r.id) };
}

export interface CaseFilter {
  regionPrefix: string;
  status?: DropoutCaseStatus | null;
}

function caseQuery(dataSource: DataSource, filter: CaseFilter) {
  const qb = dataSource
    .getRepository(DropoutCaseEntity)
    .createQueryBuilder('d')
    .where('d.region_code LIKE :prefix', { prefix: like(filter.regionPrefix) });
  if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
  return qb;
}

/** A keyset page of cases, newest first (`first + 1` rows). */
export function findCasePage(dataSource: DataSource, filter: CaseFilter, page: PageRequest): Promise<DropoutCaseEntity[]> {
  const qb = caseQuery(dataSource, filter);
  if (page.after) {
    qb.andWhere('(d.opened_on, d.id) < (:on::date, :id::uuid)', { on: String(page.after[0]), id: String(page.after[1]) });
  }
  return qb.orderBy('d.opened_on', 'DESC').addOrderBy('d.id', 'DESC').limit(page.first + 1).getMany();
}

export function countCases(dataSource: DataSource, filter: CaseFilter): Promise<number> {
  return caseQuery(dataSource, filter).getCount();
}

export function findActionsByCases(dataSource: DataSource, caseIds: readonly string[]): Promise<DropoutActionEntity[]> {
  const ids = caseIds.filter(isUuid);
  if (!ids.length) return Promise.resolve([]);
  return dataSource
    .getRepository(DropoutActionEntity)
    .createQueryBuilder('a')
    .where('a.case_id = ANY(:ids::uuid[])', { ids })
    .orderBy('a.on_date', 'ASC')
    .addOrderBy('a.id', 'ASC')
    .getMany();
}

export function lockCaseInRegion(manager: EntityManager, id: string, regionPrefix: string): Promise<DropoutCaseEntity | null> {
  if (!isUuid(id)) return Promise.resolve(null);
  return manager
    .getRepository(DropoutCaseEntity)
    .createQueryBuilder('d')
    .setLock('pessimistic_write')
    .where('d.id = :id', { id })
    .andWhere('d.region_code LIKE :prefix', { prefix: like(regionPrefix) })
    .getOne();
}

export function findLastAction(manager: EntityManager, caseId: string): Promise<DropoutActionEntity | null> {
  return manager
    .getRepository(DropoutActionEntity)
    .createQueryBuilder('a')
    .where('a.case_id = :caseId', { caseId })
    .orderBy('a.on_date', 'DESC')
    .addOrderBy('a.id', 'DESC')
    .getOne();
}
