import type { DataSource, EntityManager } from 'typeorm';
import { copyInto, copyLine, escapeLike } from '@epg/persistence';
import type { StudentFacts } from '../facts/student-profile';
import type { DueLine } from './due-lines';

/**
 * The SQL of computeEntitlements. Due lines are staged in transaction-local tables and compared
 * with the ledger set-based, so a run writes only differences: a recomputation where nothing
 * changed reads a lot and writes (almost) nothing.
 *
 *   desired          every due line, narrow (what is compared with entitlements and the snapshot)
 *   missing          due lines without a live entitlement (what will be created)
 *   desired_detail   the explanation of each line to create
 *   desired_profile  the engine's profile of each student row with a line to create
 *   desired_funding  the funding shares of each (set, rule) met
 * An entitlement's `facts` are assembled from the last three in SQL: a student's profile is
 * written once, not once per line.
 */

const STUDENT_FACTS_SQL = `SELECT e.enrolment_id AS "enrolmentId", e.person_id AS "personId", e.school_id AS "schoolId",
            e.school_region_code AS "schoolRegionCode", e.school_ownership AS "schoolOwnership", e.stage, e.grade,
            e.boarding, e.special_education AS "specialEducation", e.agriculture_major AS "agricultureMajor",
            p.household_status AS "householdStatus", p.household_category AS "householdCategory",
            p.household_exited_on AS "householdExitedOn", p.removed, p.has_disability AS "hasDisability"
       FROM enrolment_fact e LEFT JOIN person_fact p ON p.person_id = e.person_id
      WHERE e.academic_year = $1 AND e.school_region_code LIKE $2 AND e.status IN ('ENROLLED', 'GRADUATED')`;

const STUDENT_BATCH = 10_000;

/**
 * Every enrolled student of the region and year with their projected household facts, ordered by
 * person, read through a server-side cursor `batch` rows at a time (a province's 766,000 students
 * never sit in memory at once). `onlyMissing`: only the students with a line in `missing`.
 * Must run in a transaction.
 */
export async function* streamStudentFacts(
  manager: EntityManager,
  prefix: string,
  academicYear: number,
  options: { onlyMissing?: boolean; batch?: number } = {},
): AsyncGenerator<StudentFacts[]> {
  const batch = options.batch ?? STUDENT_BATCH;
  const only = options.onlyMissing ? `AND e.person_id IN (SELECT person_id FROM missing)` : '';
  await manager.query(`DECLARE student_facts NO SCROLL CURSOR FOR ${STUDENT_FACTS_SQL} ${only} ORDER BY e.person_id, e.enrolment_id`, [
    academicYear,
    `${escapeLike(prefix)}%`,
  ]);
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

/**
 * The same students (every one of the region and year), read on a connection of their own in a
 * read-only snapshot, the next batch always in flight while the caller evaluates and stages the
 * current one: reading, evaluating and staging overlap on the machine's cores. Consistent with
 * the computing transaction only while it holds the facts still (`holdFactsStill` first).
 */
export async function* prefetchStudentFacts(dataSource: DataSource, prefix: string, academicYear: number, batch = STUDENT_BATCH): AsyncGenerator<StudentFacts[]> {
  const reader = dataSource.createQueryRunner();
  await reader.connect();
  let inFlight: Promise<StudentFacts[]> | null = null;
  try {
    await reader.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
    await reader.query(`SET LOCAL work_mem = '64MB'`);
    await reader.query(`DECLARE student_facts NO SCROLL CURSOR FOR ${STUDENT_FACTS_SQL} ORDER BY e.person_id, e.enrolment_id`, [
      academicYear,
      `${escapeLike(prefix)}%`,
    ]);
    const fetchNext = () => {
      const next: Promise<StudentFacts[]> = reader.query(`FETCH FORWARD ${batch} FROM student_facts`);
      next.catch(() => undefined); // awaited below; a caller that stops early must not leave it unhandled
      return next;
    };
    let next = fetchNext();
    inFlight = next;
    for (;;) {
      const rows = await next;
      const more = rows.length === batch;
      if (more) next = fetchNext();
      inFlight = more ? next : null;
      if (rows.length) yield rows;
      if (!more) break;
    }
  } finally {
    await inFlight?.catch(() => undefined);
    await reader.query(`ROLLBACK`).catch(() => undefined);
    await reader.release();
  }
}

/**
 * Keeps the projected facts still until the transaction ends: a projection refresh running for
 * another region waits, so both passes over the students see the same facts. Readers are not held.
 */
export async function holdFactsStill(manager: EntityManager): Promise<void> {
  await manager.query(`LOCK TABLE person_fact, enrolment_fact IN SHARE MODE`);
}

const DESIRED_COLUMNS = [
  'person_id', 'enrolment_id', 'school_id', 'region_code', 'rule_code', 'policy_set_id', 'policy_version', 'kind', 'beneficiary', 'amount_fen',
] as const;
const DETAIL_COLUMNS = ['person_id', 'rule_code', 'explanation'] as const;
const PROFILE_COLUMNS = ['enrolment_id', 'profile'] as const;
const FUNDING_COLUMNS = ['policy_set_id', 'rule_code', 'funding'] as const;

/** The transaction-local staging tables (one line per person and rule: the evaluator sees to it). */
export async function createStagingTables(manager: EntityManager): Promise<void> {
  await manager.query(`
    CREATE TEMP TABLE desired (
      person_id uuid NOT NULL, enrolment_id uuid NOT NULL, school_id uuid NOT NULL, region_code text NOT NULL,
      rule_code text NOT NULL, policy_set_id uuid NOT NULL, policy_version int NOT NULL, kind text NOT NULL,
      beneficiary text NOT NULL, amount_fen int
    ) ON COMMIT DROP`);
  await manager.query(`CREATE TEMP TABLE desired_detail (person_id uuid NOT NULL, rule_code text NOT NULL, explanation text NOT NULL) ON COMMIT DROP`);
  await manager.query(`CREATE TEMP TABLE desired_profile (enrolment_id uuid NOT NULL, profile jsonb NOT NULL) ON COMMIT DROP`);
  await manager.query(`CREATE TEMP TABLE desired_funding (policy_set_id uuid NOT NULL, rule_code text NOT NULL, funding jsonb NOT NULL) ON COMMIT DROP`);
}

/** A due line as a row of `desired` (COPY text). */
export function desiredRow(line: DueLine): string {
  return copyLine([
    line.personId, line.enrolmentId, line.schoolId, line.regionCode, line.ruleCode, line.set.id, line.set.version, line.kind, line.beneficiary, line.amountFen,
  ]);
}

export function stageDesired(manager: EntityManager, rows: string): Promise<void> {
  return copyInto(manager, 'desired', DESIRED_COLUMNS, rows);
}

/**
 * Collects what entitlements created from due lines record besides the line itself — why
 * (explanation), the facts they were computed from (the student's profile) and the funding —
 * as COPY text for the detail tables; `flush` stages what was collected so far.
 */
export class DetailStager {
  private details = '';
  private profiles = '';
  private lastEnrolment: string | null = null;
  private readonly funding = new Map<string, string>();

  add(line: DueLine): void {
    this.details += copyLine([line.personId, line.ruleCode, line.explanation]);
    if (line.enrolmentId !== this.lastEnrolment) {
      this.lastEnrolment = line.enrolmentId;
      this.profiles += copyLine([line.enrolmentId, JSON.stringify(line.profile)]);
    }
    const key = `${line.set.id}|${line.ruleCode}`;
    if (!this.funding.has(key)) this.funding.set(key, copyLine([line.set.id, line.ruleCode, JSON.stringify(line.funding)]));
  }

  async flush(manager: EntityManager, final = false): Promise<void> {
    await copyInto(manager, 'desired_detail', DETAIL_COLUMNS, this.details);
    await copyInto(manager, 'desired_profile', PROFILE_COLUMNS, this.profiles);
    this.details = '';
    this.profiles = '';
    if (final) {
      await copyInto(manager, 'desired_funding', FUNDING_COLUMNS, [...this.funding.values()].join(''));
      await manager.query(`ANALYZE desired_detail`);
      await manager.query(`ANALYZE desired_profile`);
    }
  }
}

/** Whether the region and year has any live entitlement yet (none: every due line will be created). */
export async function hasLiveEntitlements(manager: EntityManager, prefix: string, academicYear: number): Promise<boolean> {
  const rows = await manager.query(
    `SELECT 1 FROM entitlement WHERE academic_year = $1 AND region_code LIKE $2 AND status <> 'CANCELLED' LIMIT 1`,
    [academicYear, `${escapeLike(prefix)}%`],
  );
  return rows.length > 0;
}

/** How many rows a statement wrote and the region codes they are in (for the coverage roll-up). */
export interface Written {
  count: number;
  regionCodes: string[];
}

async function written(manager: EntityManager, sql: string, params: unknown[]): Promise<Written> {
  const [row]: { n: number; codes: string[] | null }[] = await manager.query(sql, params);
  return { count: row?.n ?? 0, regionCodes: row?.codes ?? [] };
}

/**
 * Cancels the engine's entitlements of the region and year that are no longer due and were never
 * paid: the student or rule dropped out of the due lines, or (still unapproved) the amount changed
 * — then the new amount is created with the set version it comes from. An amendment that leaves a
 * line's amount alone leaves the line alone; approved entitlements whose line is still due are
 * never rewritten.
 */
export function cancelUndue(manager: EntityManager, prefix: string, academicYear: number): Promise<Written> {
  return written(
    manager,
    `WITH cancelled AS (
     UPDATE entitlement e SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = 'no longer due at recomputation'
      WHERE e.academic_year = $1 AND e.region_code LIKE $2 AND e.source = 'ENGINE' AND e.paid_fen = 0
        AND e.status IN ('COMPUTED', 'APPROVED', 'PUBLICISED')
        AND NOT EXISTS (
          SELECT 1 FROM desired d
           WHERE d.person_id = e.person_id AND d.rule_code = e.rule_code
             AND (e.status <> 'COMPUTED' OR d.amount_fen IS NOT DISTINCT FROM e.amount_fen))
      RETURNING e.region_code)
     SELECT count(*)::int AS n, array_agg(DISTINCT region_code) AS codes FROM cancelled`,
    [academicYear, `${escapeLike(prefix)}%`],
  );
}

/** Notes the due lines that have no live entitlement (any region: one live per student, rule and year). */
export async function markMissing(manager: EntityManager, academicYear: number): Promise<number> {
  await manager.query(
    `CREATE TEMP TABLE missing ON COMMIT DROP AS
     SELECT d.person_id, d.rule_code FROM desired d
      WHERE NOT EXISTS (SELECT 1 FROM entitlement e
                         WHERE e.person_id = d.person_id AND e.rule_code = d.rule_code
                           AND e.academic_year = $1 AND e.status <> 'CANCELLED')`,
    [academicYear],
  );
  const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM missing`);
  return n;
}

/**
 * Creates the missing lines with their staged details (set-based; the unique index backs it). The
 * facts are those the engine saw: policy set and version, the profile, the enrolment and when
 * the projected facts were refreshed.
 */
export async function createMissing(manager: EntityManager, academicYear: number, backPay: boolean, factsRefreshedAt: Date): Promise<Written> {
  const [{ n: undetailed }] = await manager.query(
    `SELECT count(*)::int AS n FROM missing m WHERE NOT EXISTS (SELECT 1 FROM desired_detail x WHERE x.person_id = m.person_id AND x.rule_code = m.rule_code)`,
  );
  // Cannot happen while the facts are held still (both passes evaluate the same rows); refuse
  // rather than create an entitlement without the facts it came from.
  if (undetailed > 0) throw new Error(`computeEntitlements: ${undetailed} due lines lost their facts between passes`);
  return written(
    manager,
    `WITH created AS (
     INSERT INTO entitlement (person_id, enrolment_id, school_id, region_code, academic_year, rule_code, policy_set_id,
                              policy_version, kind, beneficiary, amount_fen, funding, status, back_pay, source, facts, explanation)
     SELECT d.person_id, d.enrolment_id, d.school_id, d.region_code, $1, d.rule_code, d.policy_set_id, d.policy_version,
            d.kind, d.beneficiary, d.amount_fen, f.funding, 'COMPUTED', $2, 'ENGINE',
            jsonb_build_object('policySet', s.code, 'policyVersion', d.policy_version, 'profile', p.profile,
                               'enrolmentId', d.enrolment_id, 'factsRefreshedAt', $3::text),
            x.explanation
       FROM missing m
       JOIN desired d ON d.person_id = m.person_id AND d.rule_code = m.rule_code
       JOIN desired_detail x ON x.person_id = m.person_id AND x.rule_code = m.rule_code
       JOIN desired_profile p ON p.enrolment_id = d.enrolment_id
       JOIN desired_funding f ON f.policy_set_id = d.policy_set_id AND f.rule_code = d.rule_code
       JOIN policy_set s ON s.id = d.policy_set_id
      WHERE NOT EXISTS (SELECT 1 FROM entitlement e
                         WHERE e.person_id = d.person_id AND e.rule_code = d.rule_code
                           AND e.academic_year = $1 AND e.status <> 'CANCELLED')
     RETURNING region_code)
     SELECT count(*)::int AS n, array_agg(DISTINCT region_code) AS codes FROM created`,
    [academicYear, backPay, factsRefreshedAt.toISOString()],
  );
}

/**
 * Brings the region's eligibility snapshot (应助 lines) in line with the due lines, touching only
 * differences: lines no longer due go, new or changed lines are written; equal lines stay as
 * they are. Returns the region codes whose lines changed (old and new codes of a moved line).
 */
export async function syncEligibility(manager: EntityManager, prefix: string, academicYear: number): Promise<string[]> {
  const gone = await written(
    manager,
    `WITH gone AS (
     DELETE FROM eligible_line l
      WHERE l.academic_year = $1 AND l.region_code LIKE $2
        AND NOT EXISTS (SELECT 1 FROM desired d WHERE d.person_id = l.person_id AND d.rule_code = l.rule_code)
      RETURNING l.region_code)
     SELECT count(*)::int AS n, array_agg(DISTINCT region_code) AS codes FROM gone`,
    [academicYear, `${escapeLike(prefix)}%`],
  );
  const changed = await written(
    manager,
    `WITH changed AS MATERIALIZED (
       SELECT d.person_id, d.rule_code, d.region_code, d.school_id, d.amount_fen, l.region_code AS old_region_code
         FROM desired d
         LEFT JOIN eligible_line l ON l.academic_year = $1 AND l.person_id = d.person_id AND l.rule_code = d.rule_code
        WHERE l.person_id IS NULL
           OR (l.region_code, l.school_id, l.amount_fen) IS DISTINCT FROM (d.region_code, d.school_id, d.amount_fen)),
     put AS (
       INSERT INTO eligible_line (academic_year, person_id, rule_code, region_code, school_id, amount_fen)
       SELECT $1, person_id, rule_code, region_code, school_id, amount_fen FROM changed
       ON CONFLICT (academic_year, person_id, rule_code) DO UPDATE
         SET region_code = EXCLUDED.region_code, school_id = EXCLUDED.school_id, amount_fen = EXCLUDED.amount_fen, computed_at = now()
       RETURNING 1)
     SELECT (SELECT count(*)::int FROM put) AS n,
            array(SELECT region_code FROM changed UNION SELECT old_region_code FROM changed WHERE old_region_code IS NOT NULL) AS codes`,
    [academicYear],
  );
  return [...new Set([...gone.regionCodes, ...changed.regionCodes])];
}
