import type { DataSource, EntityManager } from 'typeorm';
import type { RegionCode, Stage } from '@epg/domain';
import { copyInto, copyLine, type RegionScope } from '@epg/persistence';
import { STUDENT_FACT_COLUMNS, type StudentFacts } from '../facts/student-profile';
import type { SubmittedLine } from './department-lines';
import type { DueLine } from './due-lines';
import type { Written } from './ledger-writer';

/**
 * The SQL of computeEntitlements. Due lines are staged in a transaction-local table and compared
 * with the ledger set-based, so a run writes only differences: a recomputation where nothing
 * changed reads a lot and writes (almost) nothing.
 *
 *   desired   every due line, narrow (what is compared with entitlements and the snapshot)
 *   missing   due lines without a live entitlement (what a recomputation creates)
 * Created entitlements go straight into the ledger (LedgerWriter), never through a staging table.
 *
 * The computed region arrives as a `RegionScope` (the caller's scope narrowed to the requested
 * region): it places the region predicate in each statement (`$2`, bound to its pattern), so the
 * statements and their index use are those of a hand-written `region_code LIKE $2`.
 */

/**
 * The region's students of a year ($1), the region's pattern in $2: every enrolled (or graduated)
 * 学籍 of the year, with the person's facts and their 两后生 status (a standing row of the
 * vocational service for this year or before); and one row per standing university admission
 * (高考录取) of the year — the admitted student has no 学籍 line in the university year, so the
 * admission is a student row of its own, stage UNDERGRADUATE, attached to the senior 学籍 and
 * school it follows (the university grants are due once, in the year of admission).
 */
const studentFactsSql = (region: RegionScope) => `SELECT ${STUDENT_FACT_COLUMNS},
            NULL::boolean AS "admittedToUniversityInProvince", g.person_id IS NOT NULL AS "nonContinuingGraduate"
       FROM enrolment_fact e LEFT JOIN person_fact p ON p.person_id = e.person_id
       LEFT JOIN (SELECT DISTINCT person_id FROM non_continuing_graduate_fact WHERE year <= $1 AND NOT removed) g ON g.person_id = e.person_id
      WHERE e.academic_year = $1 AND ${region.predicate('e.school_region_code', '$2')} AND e.status IN ('ENROLLED', 'GRADUATED')
     UNION ALL
     SELECT a.enrolment_id, a.person_id, a.school_id, a.region_code, coalesce(s.school_ownership, 'PUBLIC'), 'UNDERGRADUATE', 1,
            false, false, false,
            p.household_status, p.household_category, p.household_exited_on, p.household_status_history, p.removed, p.has_disability,
            a.in_province, false
       FROM university_admission_fact a LEFT JOIN person_fact p ON p.person_id = a.person_id
       LEFT JOIN enrolment_fact s ON s.enrolment_id = a.enrolment_id
      WHERE a.academic_year = $1 AND ${region.predicate('a.region_code', '$2')} AND NOT a.withdrawn`;

const STUDENT_BATCH = 10_000;

/**
 * Reads a declared cursor `batch` rows at a time, the next FETCH always sent before the current
 * batch is handed out: the database reads ahead while the caller works on it. A caller that stops
 * early (or fails) gets the FETCH in flight settled before the cursor is closed.
 */
async function* fetchAhead<T>(query: (sql: string) => Promise<T[]>, cursor: string, batch: number): AsyncGenerator<T[]> {
  const fetchNext = () => {
    const next = query(`FETCH FORWARD ${batch} FROM ${cursor}`);
    next.catch(() => undefined); // awaited below, or settled in `finally`
    return next;
  };
  let next: Promise<T[]> | null = fetchNext();
  try {
    while (next) {
      const rows: T[] = await next;
      next = rows.length === batch ? fetchNext() : null;
      if (rows.length) yield rows;
    }
  } finally {
    await next?.catch(() => undefined);
  }
}

/** A student with a missing line, and the rules (codes) of their lines that are missing. */
export interface StudentWithMissing extends StudentFacts {
  missingRules: string[];
}

/**
 * The region's students with a line in `missing` (each with the rules missing), ordered by person,
 * read ahead through a server-side cursor `batch` rows at a time: a recomputation's second pass,
 * over only the students whose lines it creates. Must run in the computing transaction (the
 * next FETCH queues on its connection before the caller's write of the current batch).
 */
export async function* streamStudentsWithMissing(
  manager: EntityManager,
  region: RegionScope,
  academicYear: number,
  batch = STUDENT_BATCH,
): AsyncGenerator<StudentWithMissing[]> {
  await manager.query(
    `DECLARE students_with_missing NO SCROLL CURSOR FOR
     SELECT f.*, m.rules AS "missingRules"
       FROM (${studentFactsSql(region)}) f
       JOIN (SELECT person_id, array_agg(rule_code) AS rules FROM missing GROUP BY person_id) m ON m.person_id = f."personId"
      ORDER BY f."personId", f."enrolmentId"`,
    [academicYear, region.likePattern()],
  );
  try {
    yield* fetchAhead<StudentWithMissing>((sql) => manager.query(sql), 'students_with_missing', batch);
  } finally {
    await manager.query(`CLOSE students_with_missing`);
  }
}

/**
 * The same students (every one of the region and year), read on a connection of their own in a
 * read-only snapshot, the next batch always in flight while the caller evaluates and stages the
 * current one: reading, evaluating and staging overlap on the machine's cores. Consistent with
 * the computing transaction only while it holds the facts still (`holdFactsStill` first).
 */
export async function* prefetchStudentFacts(dataSource: DataSource, region: RegionScope, academicYear: number, batch = STUDENT_BATCH): AsyncGenerator<StudentFacts[]> {
  const reader = dataSource.createQueryRunner();
  await reader.connect();
  try {
    await reader.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
    await reader.query(`SET LOCAL work_mem = '64MB'`);
    await reader.query(`DECLARE student_facts NO SCROLL CURSOR FOR ${studentFactsSql(region)} ORDER BY "personId", "enrolmentId"`, [
      academicYear,
      region.likePattern(),
    ]);
    yield* fetchAhead<StudentFacts>((sql) => reader.query(sql), 'student_facts', batch);
  } finally {
    await reader.query(`ROLLBACK`).catch(() => undefined);
    await reader.release();
  }
}

/**
 * Keeps the projected facts still until the transaction ends: a projection refresh running for
 * another region waits, so both passes over the students see the same facts. Readers are not held.
 */
export async function holdFactsStill(manager: EntityManager): Promise<void> {
  await manager.query(`LOCK TABLE person_fact, enrolment_fact, university_admission_fact, non_continuing_graduate_fact IN SHARE MODE`);
}

const DESIRED_COLUMNS = [
  'person_id', 'enrolment_id', 'school_id', 'region_code', 'rule_code', 'policy_set_id', 'policy_version', 'kind', 'beneficiary', 'amount_fen',
] as const;

/** The transaction-local staging table (one line per person and rule: the evaluator sees to it). */
export async function createStagingTable(manager: EntityManager): Promise<void> {
  await manager.query(`
    CREATE TEMP TABLE desired (
      person_id uuid NOT NULL, enrolment_id uuid NOT NULL, school_id uuid NOT NULL, region_code text NOT NULL,
      rule_code text NOT NULL, policy_set_id uuid NOT NULL, policy_version int NOT NULL, kind text NOT NULL,
      beneficiary text NOT NULL, amount_fen int
    ) ON COMMIT DROP`);
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

/** Whether the region and year has any live entitlement yet (none: every due line will be created). */
export async function hasLiveEntitlements(manager: EntityManager, region: RegionScope, academicYear: number): Promise<boolean> {
  const rows = await manager.query(
    `SELECT 1 FROM entitlement WHERE academic_year = $1 AND ${region.predicate('region_code', '$2')} AND status <> 'CANCELLED' LIMIT 1`,
    [academicYear, region.likePattern()],
  );
  return rows.length > 0;
}

/**
 * The live lines of the year, in any other region, of the region's students (admitted ones too) — as `person|rule`:
 * a student who moved keeps the line where it was created (one live line per student, rule and
 * year), so a first computation leaves those out — and those cancelled by hand.
 */
export async function liveLinesElsewhere(manager: EntityManager, region: RegionScope, academicYear: number): Promise<Set<string>> {
  const rows: { key: string }[] = await manager.query(
    // Batch SQL reading across regions on purpose: `NOT LIKE $2` is the complement of the region
    // (lines live anywhere else, any province), which the scope has no predicate for; $2 is still its pattern.
    `SELECT e.person_id || '|' || e.rule_code AS key FROM entitlement e
      WHERE e.academic_year = $1 AND e.status <> 'CANCELLED' AND NOT e.is_top_up AND e.region_code NOT LIKE $2
        AND (EXISTS (SELECT 1 FROM enrolment_fact f
                      WHERE f.person_id = e.person_id AND f.academic_year = $1 AND ${region.predicate('f.school_region_code', '$2')})
             OR EXISTS (SELECT 1 FROM university_admission_fact a
                         WHERE a.person_id = e.person_id AND a.academic_year = $1 AND NOT a.withdrawn AND ${region.predicate('a.region_code', '$2')}))
     UNION
     -- Lines cancelled by hand (anywhere): an officer's decision the engine does not undo.
     SELECT e.person_id || '|' || e.rule_code FROM entitlement e
      WHERE e.academic_year = $1 AND e.cancelled_by IS NOT NULL AND NOT e.is_top_up
        AND (EXISTS (SELECT 1 FROM enrolment_fact f
                      WHERE f.person_id = e.person_id AND f.academic_year = $1 AND ${region.predicate('f.school_region_code', '$2')})
             OR EXISTS (SELECT 1 FROM university_admission_fact a
                         WHERE a.person_id = e.person_id AND a.academic_year = $1 AND NOT a.withdrawn AND ${region.predicate('a.region_code', '$2')}))`,
    [academicYear, region.likePattern()],
  );
  return new Set(rows.map((r) => r.key));
}

async function written(manager: EntityManager, sql: string, params: unknown[]): Promise<Written> {
  const [row]: { n: number; codes: RegionCode[] | null }[] = await manager.query(sql, params);
  return { count: row?.n ?? 0, regionCodes: row?.codes ?? [] };
}

/**
 * Cancels the engine's entitlements of the region and year that are no longer due: the student or
 * rule dropped out of the due lines, or (still unapproved) the amount changed — then the new amount
 * is created with the set version it comes from. An amendment that leaves a line's amount alone
 * leaves the line alone; approved entitlements whose line is still due are never rewritten.
 *
 * A line partly paid already is stopped all the same (清退: no further payment) — it keeps its
 * paid amount, which the recovery list (应退/追回) shows with the reason. Fully paid lines are
 * left alone: nothing more will be paid on them. A top-up (差额补发) goes with its rule: its amount
 * is the difference, kept in step by top-ups.ts, not the due amount.
 */
export function cancelUndue(manager: EntityManager, region: RegionScope, academicYear: number): Promise<Written> {
  return written(
    manager,
    `WITH cancelled AS (
     UPDATE entitlement e SET status = 'CANCELLED', cancelled_at = now(),
            cancel_reason = CASE
              WHEN e.paid_fen = 0 THEN 'no longer due at recomputation'
              WHEN EXISTS (SELECT 1 FROM person_fact p WHERE p.person_id = e.person_id AND (p.removed OR p.household_status = 'REMOVED'))
                THEN 'stopped at recomputation: household REMOVED (清退); the paid part is to be recovered'
              ELSE 'stopped at recomputation: no longer due; the paid part is to be recovered' END
      WHERE e.academic_year = $1 AND ${region.predicate('e.region_code', '$2')} AND e.source = 'ENGINE'
        AND e.status IN ('COMPUTED', 'APPROVED', 'PUBLICISED')
        AND NOT EXISTS (
          SELECT 1 FROM desired d
           WHERE d.person_id = e.person_id AND d.rule_code = e.rule_code
             AND (e.top_up_of IS NOT NULL OR e.status <> 'COMPUTED' OR e.paid_fen > 0 OR d.amount_fen IS NOT DISTINCT FROM e.amount_fen))
      RETURNING e.region_code)
     SELECT count(*)::int AS n, array_agg(DISTINCT region_code) AS codes FROM cancelled`,
    [academicYear, region.likePattern()],
  );
}

/**
 * Notes the due lines that have no live entitlement (any region: one live per student, rule and
 * year) and were not cancelled by hand (an officer's decision the engine does not undo).
 */
export async function markMissing(manager: EntityManager, academicYear: number): Promise<number> {
  await manager.query(
    `CREATE TEMP TABLE missing ON COMMIT DROP AS
     SELECT d.person_id, d.rule_code FROM desired d
      WHERE NOT EXISTS (SELECT 1 FROM entitlement e
                         WHERE e.person_id = d.person_id AND e.rule_code = d.rule_code
                           AND e.academic_year = $1 AND e.status <> 'CANCELLED' AND NOT e.is_top_up)
        AND NOT EXISTS (SELECT 1 FROM entitlement c
                         WHERE c.person_id = d.person_id AND c.rule_code = d.rule_code
                           AND c.academic_year = $1 AND c.cancelled_by IS NOT NULL AND NOT c.is_top_up)`,
    [academicYear],
  );
  const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM missing`);
  return n;
}

/**
 * Brings the region's eligibility snapshot (应助 lines) in line with the due lines, touching only
 * differences: lines no longer due go, new or changed lines are written; equal lines stay as
 * they are. Returns the region codes whose lines changed (old and new codes of a moved line).
 */
export async function syncEligibility(manager: EntityManager, region: RegionScope, academicYear: number): Promise<RegionCode[]> {
  const gone = await written(
    manager,
    `WITH gone AS (
     DELETE FROM eligible_line l
      WHERE l.academic_year = $1 AND ${region.predicate('l.region_code', '$2')}
        AND NOT EXISTS (SELECT 1 FROM desired d WHERE d.person_id = l.person_id AND d.rule_code = l.rule_code)
      RETURNING l.region_code)
     SELECT count(*)::int AS n, array_agg(DISTINCT region_code) AS codes FROM gone`,
    [academicYear, region.likePattern()],
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

/** A live department line of the region and year, with the student's enrolment it was submitted for. */
export interface DepartmentLineRow extends SubmittedLine {
  schoolRegionCode: RegionCode | null;
}

/** The region's live department lines of the year (source other than the engine). */
export function findDepartmentLines(manager: EntityManager, region: RegionScope, academicYear: number): Promise<DepartmentLineRow[]> {
  return manager.query(
    `SELECT e.id, e.rule_code AS "ruleCode", e.amount_fen AS "amountFen", e.paid_fen AS "paidFen",
            f.stage, f.grade, f.school_region_code AS "schoolRegionCode"
       FROM entitlement e LEFT JOIN enrolment_fact f ON f.enrolment_id = e.enrolment_id
      WHERE e.academic_year = $1 AND ${region.predicate('e.region_code', '$2')} AND e.source <> 'ENGINE'
        AND e.status IN ('COMPUTED', 'APPROVED', 'PUBLICISED')`,
    [academicYear, region.likePattern()],
  );
}

/** Cancels (or, with money paid, stops) the given lines, each with its reason. */
export function cancelWithReasons(manager: EntityManager, lines: readonly { id: string; reason: string }[]): Promise<Written> {
  if (lines.length === 0) return Promise.resolve({ count: 0, regionCodes: [] });
  return written(
    manager,
    `WITH cancelled AS (
     UPDATE entitlement e SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = r.reason
       FROM unnest($1::uuid[], $2::text[]) AS r(id, reason)
      WHERE e.id = r.id AND e.status IN ('COMPUTED', 'APPROVED', 'PUBLICISED')
      RETURNING e.region_code)
     SELECT count(*)::int AS n, array_agg(DISTINCT region_code) AS codes FROM cancelled`,
    [lines.map((l) => l.id), lines.map((l) => l.reason)],
  );
}
