import type { EntityManager } from 'typeorm';
import type { EntitlementStatus } from '@epg/domain';
import { cursorParameters, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { ABSENT_STATUSES, presenceException, type PresenceFacts } from './presence';

const ABSENT = `(${ABSENT_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** A line of the 名在人不在 report, with the facts that put it there. */
export interface PresenceExceptionRow extends PresenceFacts {
  entitlementId: string;
  personId: string;
  schoolId: string | null;
  ruleCode: string;
  academicYear: number;
  status: EntitlementStatus;
  amountFen: number | null;
  paidFen: number;
  reason: string;
}

/**
 * Approved, publicised or paid lines of the year ($2) in the scoped region ($1) whose student is
 * not there: the household REMOVED, or no enrolment of the year in school while one is absent.
 */
const exceptions = (region: (column: string) => string) => `
  WITH absent AS (
    SELECT f.person_id, bool_or(f.status IN ('ENROLLED', 'GRADUATED')) AS in_school,
           (array_agg(f.status ORDER BY f.changed_at DESC) FILTER (WHERE f.status IN ${ABSENT}))[1] AS absent_status
      FROM enrolment_fact f WHERE f.academic_year = $2
     GROUP BY f.person_id HAVING bool_or(f.status IN ${ABSENT}))
  SELECT e.id AS "entitlementId", e.person_id AS "personId", e.school_id AS "schoolId", e.rule_code AS "ruleCode",
         e.academic_year AS "academicYear", e.status, e.amount_fen AS "amountFen", e.paid_fen AS "paidFen",
         coalesce(p.removed OR p.household_status = 'REMOVED', false) AS "householdRemoved",
         a.in_school AS "inSchool", a.absent_status AS "absentStatus"
    FROM entitlement e
    LEFT JOIN person_fact p ON p.person_id = e.person_id
    LEFT JOIN absent a ON a.person_id = e.person_id
   WHERE e.academic_year = $2 AND ${region('e.region_code')} AND e.status IN ('APPROVED', 'PUBLICISED', 'PAID')
     AND (p.removed OR p.household_status = 'REMOVED' OR (a.person_id IS NOT NULL AND NOT a.in_school))`;

const withReason = (rows: Omit<PresenceExceptionRow, 'reason'>[]): PresenceExceptionRow[] => rows.map((r) => ({ ...r, reason: presenceException(r) ?? '' }));

/** One page of the report, by student, rule and line. */
export async function findPresenceExceptions(data: ScopedData, academicYear: number, page: PageRequest): Promise<PresenceExceptionRow[]> {
  const params: unknown[] = [academicYear, page.first + 1];
  let after = '';
  if (page.after) {
    params.push(...cursorParameters(page.after, ['uuid', 'text', 'uuid']));
    after = `AND (e.person_id, e.rule_code, e.id) > ($4::uuid, $5::text, $6::uuid)`;
  }
  return withReason(await data.query((region) => `${exceptions(region)} ${after} ORDER BY e.person_id, e.rule_code, e.id LIMIT $3`, params));
}

export async function countPresenceExceptions(data: ScopedData, academicYear: number): Promise<number> {
  const [row] = await data.query<{ n: number }>((region) => `SELECT count(*)::int AS n FROM (${exceptions(region)}) x`, [academicYear]);
  return row!.n;
}

/** The presence facts of one student in one year (for the payment check). */
export async function presenceFactsOf(manager: EntityManager, personId: string, academicYear: number): Promise<PresenceFacts> {
  const [row] = await manager.query(
    `SELECT coalesce((SELECT p.removed OR p.household_status = 'REMOVED' FROM person_fact p WHERE p.person_id = $1), false) AS "householdRemoved",
            (SELECT bool_or(f.status IN ('ENROLLED', 'GRADUATED')) FROM enrolment_fact f WHERE f.person_id = $1 AND f.academic_year = $2) AS "inSchool",
            (SELECT f.status FROM enrolment_fact f WHERE f.person_id = $1 AND f.academic_year = $2 AND f.status IN ${ABSENT}
              ORDER BY f.changed_at DESC LIMIT 1) AS "absentStatus"`,
    [personId, academicYear],
  );
  return row as PresenceFacts;
}
