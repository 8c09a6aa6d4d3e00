import type { EntityManager } from 'typeorm';
import type { DropoutCaseStatus } from '@epg/domain';
import { isUuid, keysetPage, type RegionPredicate, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { DropoutActionEntity, DropoutCaseEntity } from './dropout.entity';
import { scanCloseReason, type DropoutCloseReason } from './dropout.rules';

/**
 * SQL fragment: registered children (`c`) of the projection inside the scope (`region`, the
 * scope's `$1`), of compulsory school age (6–15 on 1 September of academic year `$2`), not
 * removed and not of a REMOVED household.
 */
export const schoolAgeChildrenSql = (region: RegionPredicate) => `
  SELECT c.person_id, c.village_code, c.birth_date FROM registered_child c
   WHERE ${region('c.village_code')}
     AND NOT c.removed AND c.household_status <> 'REMOVED'
     AND c.birth_date <= (make_date($2::int, 9, 1) - interval '6 years')::date
     AND c.birth_date >  (make_date($2::int, 9, 1) - interval '16 years')::date`;

const ENROLLED_SQL = (person: string) =>
  `EXISTS (SELECT 1 FROM enrolment x WHERE x.person_id = ${person} AND x.academic_year = $2::int AND x.status = 'ENROLLED')`;

/**
 * SQL: the child (`birthDate`) has aged out of the year `$2` by today `$3` — the year is over and
 * they are 16 on 1 September of the next (as `scanCloseReason`): a scan opens no case it would close.
 */
const AGED_OUT_SQL = (birthDate: string) =>
  `(${birthDate} <= (make_date($2::int + 1, 9, 1) - interval '16 years')::date AND $3::date >= make_date($2::int + 1, 9, 1))`;

export interface ScanCounts {
  opened: string[];
  alreadyOpen: number;
  closedAsEnrolled: string[];
  /** Cases closed because the child is no longer due (removed, aged out), by reason. */
  closedAsNoLongerDue: { id: string; reason: DropoutCloseReason }[];
}

/** A CLOSED action's note for each reason a scan closes a case for. */
const SCAN_CLOSE_NOTES: Partial<Record<DropoutCloseReason, string>> = {
  HOUSEHOLD_REMOVED: '户籍已注销, 自动销号 (removed from the register)',
  AGED_OUT: '已超义务教育年龄, 自动销号 (aged out of compulsory education)',
};

/**
 * Closes the year's open cases whose child is no longer due (see `scanCloseReason`): the open
 * cases of the scope and year with their child as the projection holds them, judged by the rule.
 */
async function closeCasesNoLongerDue(data: ScopedData, academicYear: number, today: string): Promise<{ id: string; reason: DropoutCloseReason }[]> {
  const open = await data.query<{ id: string; birth_date: string | null; removed: boolean | null; household_status: string | null }>(
    (region) => `SELECT d.id, to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date, c.removed, c.household_status
       FROM dropout_case d LEFT JOIN registered_child c ON c.person_id = d.person_id
      WHERE ${region('d.region_code')} AND d.academic_year = $2::int AND d.status <> 'CLOSED'
      FOR UPDATE OF d`,
    [academicYear],
  );
  const closing = open.flatMap((row) => {
    const child = row.birth_date === null ? null : { birthDate: row.birth_date, removed: Boolean(row.removed), householdStatus: row.household_status ?? '' };
    const reason = scanCloseReason(child, academicYear, today);
    return reason ? [{ id: row.id, reason }] : [];
  });
  for (const reason of new Set(closing.map((c) => c.reason))) {
    const ids = closing.filter((c) => c.reason === reason).map((c) => c.id);
    await data.manager.query(
      `WITH closed AS (
         UPDATE dropout_case SET status = 'CLOSED', closed_on = $2::date, close_reason = $3, closed_as = $3 WHERE id = ANY($1::uuid[]) RETURNING id)
       INSERT INTO dropout_action (case_id, kind, on_date, note, status_after) SELECT id, 'CLOSED', $2::date, $4, 'CLOSED' FROM closed`,
      [ids, today, reason, SCAN_CLOSE_NOTES[reason] ?? reason],
    );
  }
  return closing;
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
       UPDATE dropout_case d SET status = 'CLOSED', closed_on = $3::date, close_reason = 'ENROLLED', closed_as = 'ENROLLED'
        WHERE d.status <> 'CLOSED' AND d.academic_year = $2::int AND ${region('d.region_code')} AND ${ENROLLED_SQL('d.person_id')}
        RETURNING d.id),
     logged AS (
       INSERT INTO dropout_action (case_id, kind, on_date, note, status_after)
       SELECT id, 'CLOSED', $3::date, '已入学, 自动销号 (enrolled in ' || $2::int || ')', 'CLOSED' FROM closed)
     SELECT id FROM closed`,
    params,
  );
  const closedAsNoLongerDue = await closeCasesNoLongerDue(data, academicYear, today);
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
          AND NOT ${AGED_OUT_SQL('k.birth_date')}
       ON CONFLICT (person_id, academic_year) DO NOTHING
       RETURNING id)
     SELECT id FROM opened`,
    params,
  );
  return { opened: opened.map((r) => r.id), alreadyOpen: Number(already?.n ?? 0), closedAsEnrolled: closed.map((r) => r.id), closedAsNoLongerDue };
}

export interface CaseFilter {
  status?: DropoutCaseStatus | null;
  academicYear?: number | null;
  /** A school's cases: of children enrolled there in the case's academic year or the year before. */
  schoolId?: string | null;
}

/** The cases of the scope (a region-wide list narrows `data` to the requested region first). */
function caseQuery(data: ScopedData, filter: CaseFilter) {
  const qb = data.repository(DropoutCaseEntity).query('d');
  if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
  if (filter.academicYear) qb.andWhere('d.academic_year = :academicYear', { academicYear: filter.academicYear });
  if (filter.schoolId) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = d.person_id AND e.school_id = :schoolId::uuid
                 AND e.academic_year BETWEEN d.academic_year - 1 AND d.academic_year)`,
      { schoolId: filter.schoolId },
    );
  }
  return qb;
}

/** One case inside the scope, or null. */
export function findCase(data: ScopedData, id: string): Promise<DropoutCaseEntity | null> {
  return data.repository(DropoutCaseEntity).findById(id);
}

/**
 * Whether the person holds an ENROLLED record of the academic year, at any school (a yes or no
 * about the case's own child, in scope by its case; the record itself is not read out).
 */
export async function isEnrolledIn(manager: EntityManager, personId: string, academicYear: number): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM enrolment WHERE person_id = $1 AND academic_year = $2 AND status = 'ENROLLED' LIMIT 1`,
    [personId, academicYear],
  );
  return rows.length > 0;
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
