import type { DataSource, EntityManager } from 'typeorm';
import { escapeLike } from '@epg/persistence';
import type { StudentFacts } from '../facts/student-profile';

/** A line the engine says is due: one student, one rule, one year. */
export interface DesiredLine {
  personId: string;
  enrolmentId: string;
  schoolId: string;
  regionCode: string;
  ruleCode: string;
  policySetId: string;
  policyVersion: number;
  kind: string;
  beneficiary: string;
  amountFen: number | null;
  funding: { source: string; percent: number }[];
  facts: object;
  explanation: string;
}

const STUDENT_FACTS_SQL = `SELECT e.enrolment_id AS "enrolmentId", e.person_id AS "personId", e.school_id AS "schoolId",
            e.school_region_code AS "schoolRegionCode", e.school_ownership AS "schoolOwnership", e.stage, e.grade,
            e.boarding, e.special_education AS "specialEducation", e.agriculture_major AS "agricultureMajor",
            p.household_status AS "householdStatus", p.household_category AS "householdCategory",
            p.household_exited_on AS "householdExitedOn", p.removed, p.has_disability AS "hasDisability"
       FROM enrolment_fact e LEFT JOIN person_fact p ON p.person_id = e.person_id
      WHERE e.academic_year = $1 AND e.school_region_code LIKE $2 AND e.status IN ('ENROLLED', 'GRADUATED')
      ORDER BY e.person_id, e.enrolment_id`;

/** Every enrolled student of the region and year with their projected household facts (one statement). */
export function loadStudentFacts(dataSource: DataSource, prefix: string, academicYear: number): Promise<StudentFacts[]> {
  return dataSource.query(STUDENT_FACTS_SQL, [academicYear, `${escapeLike(prefix)}%`]);
}

const STUDENT_BATCH = 10_000;

/**
 * The same rows, in the same order (by person), read through a server-side cursor `batch` rows at
 * a time: a province's 766,000 students never sit in memory at once. Must run in a transaction.
 */
export async function* streamStudentFacts(manager: EntityManager, prefix: string, academicYear: number, batch = STUDENT_BATCH): AsyncGenerator<StudentFacts[]> {
  await manager.query(`DECLARE student_facts NO SCROLL CURSOR FOR ${STUDENT_FACTS_SQL}`, [academicYear, `${escapeLike(prefix)}%`]);
  try {
    for (;;) {
      const rows: StudentFacts[] = await manager.query(`FETCH FORWARD ${batch} FROM student_facts`);
      if (rows.length) yield rows;
      if (rows.length < batch) break;
    }
  } finally {
    await manager.query(`CLOSE student_facts`);
  }
}

/** A chunk of due lines per statement (a few statements per 20,000 lines). */
export const DESIRED_CHUNK = 20_000;

/** The transaction-local table `desired` the due lines are staged in. */
export async function createDesiredTable(manager: EntityManager): Promise<void> {
  await manager.query(`
    CREATE TEMP TABLE desired (
      person_id uuid, enrolment_id uuid, school_id uuid, region_code text, rule_code text, policy_set_id uuid,
      policy_version int, kind text, beneficiary text, amount_fen int, funding jsonb, facts jsonb, explanation text,
      PRIMARY KEY (person_id, rule_code)
    ) ON COMMIT DROP`);
}

/** Appends due lines to `desired`, DESIRED_CHUNK lines per statement. */
export async function insertDesiredLines(manager: EntityManager, lines: readonly DesiredLine[]): Promise<void> {
  for (let i = 0; i < lines.length; i += DESIRED_CHUNK) {
    await manager.query(
      `INSERT INTO desired
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("personId" uuid, "enrolmentId" uuid, "schoolId" uuid, "regionCode" text,
              "ruleCode" text, "policySetId" uuid, "policyVersion" int, kind text, beneficiary text, "amountFen" int,
              funding jsonb, facts jsonb, explanation text)`,
      [JSON.stringify(lines.slice(i, i + DESIRED_CHUNK))],
    );
  }
}

/** Loads the due lines into a transaction-local table `desired` (a few statements per 20,000 lines). */
export async function stageDesiredLines(manager: EntityManager, lines: readonly DesiredLine[]): Promise<void> {
  await createDesiredTable(manager);
  await insertDesiredLines(manager, lines);
  await manager.query(`ANALYZE desired`);
}

/**
 * Cancels the engine's entitlements of the region and year that are no longer due and were never
 * paid: the student or rule dropped out of the due lines, or (still unapproved) the amount changed
 * — then the new amount is created with the set version it comes from. An amendment that leaves a
 * line's amount alone leaves the line alone; approved entitlements whose line is still due are
 * never rewritten.
 */
export async function cancelUndue(manager: EntityManager, prefix: string, academicYear: number): Promise<number> {
  const [{ n }] = await manager.query(
    `WITH cancelled AS (
     UPDATE entitlement e SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = 'no longer due at recomputation'
      WHERE e.academic_year = $1 AND e.region_code LIKE $2 AND e.source = 'ENGINE' AND e.paid_fen = 0
        AND e.status IN ('COMPUTED', 'APPROVED', 'PUBLICISED')
        AND NOT EXISTS (
          SELECT 1 FROM desired d
           WHERE d.person_id = e.person_id AND d.rule_code = e.rule_code
             AND (e.status <> 'COMPUTED' OR d.amount_fen IS NOT DISTINCT FROM e.amount_fen))
      RETURNING e.id)
     SELECT count(*)::int AS n FROM cancelled`,
    [academicYear, `${escapeLike(prefix)}%`],
  );
  return n;
}

/** Creates the due lines that have no live entitlement (set-based; the unique index backs it). */
export async function createMissing(manager: EntityManager, academicYear: number, backPay: boolean): Promise<number> {
  const [{ n }] = await manager.query(
    `WITH created AS (
     INSERT INTO entitlement (person_id, enrolment_id, school_id, region_code, academic_year, rule_code, policy_set_id,
                              policy_version, kind, beneficiary, amount_fen, funding, status, back_pay, source, facts, explanation)
     SELECT d.person_id, d.enrolment_id, d.school_id, d.region_code, $1, d.rule_code, d.policy_set_id, d.policy_version,
            d.kind, d.beneficiary, d.amount_fen, d.funding, 'COMPUTED', $2, 'ENGINE', d.facts, d.explanation
       FROM desired d
      WHERE NOT EXISTS (SELECT 1 FROM entitlement e
                         WHERE e.person_id = d.person_id AND e.rule_code = d.rule_code
                           AND e.academic_year = $1 AND e.status <> 'CANCELLED')
     RETURNING id)
     SELECT count(*)::int AS n FROM created`,
    [academicYear, backPay],
  );
  return n;
}

/** Replaces the region's eligibility snapshot for the year with the due lines. */
export async function replaceEligibility(manager: EntityManager, prefix: string, academicYear: number): Promise<void> {
  await manager.query(`DELETE FROM eligible_line WHERE academic_year = $1 AND region_code LIKE $2`, [academicYear, `${escapeLike(prefix)}%`]);
  await manager.query(
    `INSERT INTO eligible_line (academic_year, person_id, rule_code, region_code, school_id, amount_fen)
     SELECT $1, person_id, rule_code, region_code, school_id, amount_fen FROM desired`,
    [academicYear],
  );
}
