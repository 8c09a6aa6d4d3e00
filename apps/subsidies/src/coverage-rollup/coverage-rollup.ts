import type { EntityManager } from 'typeorm';
import { fenFromBigint, type FenText, type RegionCode } from '@epg/domain';
import type { RegionScope } from '@epg/persistence';

/**
 * The coverage roll-up (应助尽助 at a glance): per academic year and region code — the school region
 * code entitlements and eligibility lines carry — the figures of `Region.subsidyStats`, kept up to
 * date by every write that changes them, in the same transaction. A dashboard then sums a
 * county's few dozen rows instead of joining a million lines with their entitlements.
 *
 * Students are counted once per region, not once per code: a student whose eligible lines of a
 * year lie in one code (nearly all) is counted in that code's row; one whose lines span several
 * codes is listed in `coverage_split`, a row per code, and counted once per region by the reader.
 *
 * `computed_at` is when the last computation covering the code ran (null when the code has no
 * eligible lines): a computation that changes nothing rewrites no line, but the figures were
 * still confirmed then.
 */

export interface SubsidyStatsRow {
  eligibleStudents: number;
  coveredStudents: number;
  entitledFen: number;
  paidFen: number;
  computedAt: Date | null;
}

type Queryable = Pick<EntityManager, 'query'>;

/** A stats row as PostgreSQL returns it: the money sums are bigint text, made exact numbers here. */
function statsRow(row: Omit<SubsidyStatsRow, 'entitledFen' | 'paidFen'> & { entitledFen: FenText; paidFen: FenText }): SubsidyStatsRow {
  return { ...row, entitledFen: fenFromBigint(row.entitledFen), paidFen: fenFromBigint(row.paidFen) };
}

/** Above this many changed codes a refresh recomputes the whole year (hash joins beat lookups). */
const WHOLE_YEAR_ABOVE = 64;

/**
 * The codes whose figures depend on a change in `regionCodes`: those codes, plus every code where
 * a student with lines, split rows or entitlements in them has lines or split rows (an approval in
 * one code covers a line snapshotted in another; a student moving between codes changes both).
 * Index lookups per student: meant for a few codes.
 */
async function dependentCodes(manager: Queryable, regionCodes: readonly RegionCode[], academicYear: number): Promise<RegionCode[]> {
  const [{ codes }]: { codes: RegionCode[] }[] = await manager.query(
    `WITH codes AS MATERIALIZED (SELECT DISTINCT unnest($1::text[]) AS region_code),
     persons AS MATERIALIZED (
       SELECT l.person_id FROM codes c JOIN eligible_line l ON l.academic_year = $2 AND l.region_code = c.region_code
       UNION SELECT s.person_id FROM codes c JOIN coverage_split s ON s.academic_year = $2 AND s.region_code = c.region_code
       UNION SELECT e.person_id FROM codes c JOIN entitlement e ON e.academic_year = $2 AND e.region_code = c.region_code)
     SELECT array(
       SELECT region_code FROM codes
       UNION SELECT l.region_code FROM persons p JOIN eligible_line l ON l.academic_year = $2 AND l.person_id = p.person_id
       UNION SELECT s.region_code FROM persons p JOIN coverage_split s ON s.academic_year = $2 AND s.person_id = p.person_id) AS codes`,
    [regionCodes, academicYear],
  );
  return codes;
}

/** Every code the year's figures have (a whole-year refresh needs no dependency walk). */
async function codesOfYear(manager: Queryable, academicYear: number): Promise<RegionCode[]> {
  const [{ codes }]: { codes: RegionCode[] }[] = await manager.query(
    `SELECT array(
       SELECT region_code FROM eligible_line WHERE academic_year = $1
       UNION SELECT region_code FROM entitlement WHERE academic_year = $1
       UNION SELECT region_code FROM coverage_split WHERE academic_year = $1
       UNION SELECT region_code FROM coverage_rollup WHERE academic_year = $1) AS codes`,
    [academicYear],
  );
  return codes;
}

/**
 * Recomputes the roll-up rows of `regionCodes` (and the codes depending on them) for a year from
 * the ledger, set-based whatever the number of codes. Call it in the writing transaction, after
 * the write, with the region codes of every entitlement or line it touched.
 */
export async function refreshCoverageRollup(manager: Queryable, regionCodes: readonly RegionCode[], academicYear: number): Promise<void> {
  if (regionCodes.length === 0) return;
  const wholeYear = regionCodes.length > WHOLE_YEAR_ABOVE;
  const codes = wholeYear ? await codesOfYear(manager, academicYear) : await dependentCodes(manager, regionCodes, academicYear);
  // The eligible lines of the codes, each with whether it is covered (a live entitlement approved
  // or later; its own line, not a top-up beside it), read once for the statements below.
  await manager.query(`DROP TABLE IF EXISTS coverage_lines`);
  await manager.query(
    `CREATE TEMP TABLE coverage_lines ON COMMIT DROP AS
     SELECT l.person_id, l.region_code, (e.id IS NOT NULL AND e.status IN ('APPROVED','PUBLICISED','PAID')) AS approved
       FROM eligible_line l
       LEFT JOIN entitlement e ON e.person_id = l.person_id AND e.rule_code = l.rule_code
                              AND e.academic_year = l.academic_year AND e.status <> 'CANCELLED' AND NOT e.is_top_up
      WHERE l.academic_year = $2 AND l.region_code = ANY($1)`,
    [codes, academicYear],
  );
  await manager.query(`ANALYZE coverage_lines`);
  // Students split over several codes: by their lines in these codes, and — unless the whole
  // year is recomputed — by a line elsewhere.
  const elsewhere = wholeYear
    ? ''
    : `OR bool_or(EXISTS (SELECT 1 FROM eligible_line o WHERE o.academic_year = $2 AND o.person_id = c.person_id AND o.region_code <> ALL(args.codes)))`;
  await manager.query(`DELETE FROM coverage_split WHERE academic_year = $2 AND region_code = ANY($1)`, [codes, academicYear]);
  await manager.query(
    `WITH args AS (SELECT $1::text[] AS codes),
     per_code AS MATERIALIZED (
       SELECT person_id, region_code, bool_and(approved) AS covered FROM coverage_lines GROUP BY person_id, region_code),
     split AS (
       SELECT c.person_id FROM per_code c, args GROUP BY c.person_id
       HAVING count(*) > 1 ${elsewhere})
     INSERT INTO coverage_split (academic_year, person_id, region_code, covered)
     SELECT $2, c.person_id, c.region_code, c.covered FROM per_code c WHERE c.person_id IN (SELECT person_id FROM split)`,
    [codes, academicYear],
  );
  await manager.query(
    `WITH codes AS (SELECT DISTINCT unnest($1::text[]) AS region_code),
     line_counts AS (SELECT region_code, count(*)::int AS lines FROM coverage_lines GROUP BY region_code),
     students AS (
       SELECT region_code, count(*)::int AS eligible, count(*) FILTER (WHERE covered)::int AS covered
         FROM (SELECT person_id, region_code, bool_and(approved) AS covered FROM coverage_lines l
                WHERE NOT EXISTS (SELECT 1 FROM coverage_split s WHERE s.academic_year = $2 AND s.person_id = l.person_id)
                GROUP BY person_id, region_code) p
        GROUP BY region_code),
     money AS (
       SELECT region_code, coalesce(sum(amount_fen), 0) AS entitled, coalesce(sum(paid_fen), 0) AS paid
         FROM entitlement WHERE academic_year = $2 AND region_code = ANY($1) AND status <> 'CANCELLED'
        GROUP BY region_code)
     INSERT INTO coverage_rollup (academic_year, region_code, eligible_lines, eligible_students, covered_students, entitled_fen, paid_fen)
     SELECT $2, c.region_code, coalesce(lc.lines, 0), coalesce(s.eligible, 0), coalesce(s.covered, 0), coalesce(m.entitled, 0), coalesce(m.paid, 0)
       FROM codes c
       LEFT JOIN line_counts lc ON lc.region_code = c.region_code
       LEFT JOIN students s ON s.region_code = c.region_code
       LEFT JOIN money m ON m.region_code = c.region_code
     ON CONFLICT (academic_year, region_code) DO UPDATE SET
       eligible_lines = EXCLUDED.eligible_lines, eligible_students = EXCLUDED.eligible_students,
       covered_students = EXCLUDED.covered_students, entitled_fen = EXCLUDED.entitled_fen, paid_fen = EXCLUDED.paid_fen,
       computed_at = CASE WHEN EXCLUDED.eligible_lines > 0 THEN coverage_rollup.computed_at END`,
    [codes, academicYear],
  );
}

/**
 * A computation of `region` (the computed region's scope) ran now: the codes under it that have
 * eligible lines were confirmed now. The scope places the region predicate ($2, its pattern).
 */
export async function stampComputation(manager: Queryable, region: RegionScope, academicYear: number): Promise<void> {
  await manager.query(
    `UPDATE coverage_rollup SET computed_at = now() WHERE academic_year = $1 AND ${region.predicate('region_code', '$2')} AND eligible_lines > 0`,
    [academicYear, region.likePattern()],
  );
}

/** Rebuilds the whole roll-up from the ledger (the migration's backfill). */
export async function rebuildCoverageRollup(manager: Queryable): Promise<void> {
  const years: { academic_year: number; codes: RegionCode[] }[] = await manager.query(
    `SELECT academic_year, array_agg(DISTINCT region_code) AS codes
       FROM (SELECT academic_year, region_code FROM eligible_line UNION SELECT academic_year, region_code FROM entitlement) c
      GROUP BY academic_year ORDER BY academic_year`,
  );
  for (const { academic_year: year, codes } of years) {
    await refreshCoverageRollup(manager, codes, year);
    // Before the roll-up every line carried the time of the last computation covering its code.
    await manager.query(
      `UPDATE coverage_rollup r SET computed_at = l.computed_at
         FROM (SELECT region_code, max(computed_at) AS computed_at FROM eligible_line WHERE academic_year = $1 GROUP BY region_code) l
        WHERE r.academic_year = $1 AND r.region_code = l.region_code`,
      [year],
    );
  }
}

/**
 * A region's coverage figures from the roll-up (a county: a few dozen rows): `region` is the
 * report's region, narrowed from the caller's scope; it places the region predicate ($2).
 */
export async function readSubsidyStats(manager: Queryable, region: RegionScope, academicYear: number): Promise<SubsidyStatsRow> {
  const [row] = await manager.query(
    `WITH codes AS (
       SELECT coalesce(sum(eligible_students), 0) AS eligible, coalesce(sum(covered_students), 0) AS covered,
              coalesce(sum(entitled_fen), 0) AS entitled, coalesce(sum(paid_fen), 0) AS paid, max(computed_at) AS computed_at
         FROM coverage_rollup WHERE academic_year = $1 AND ${region.predicate('region_code', '$2')}),
     split AS (
       SELECT person_id, bool_and(covered) AS covered FROM coverage_split
        WHERE academic_year = $1 AND ${region.predicate('region_code', '$2')} GROUP BY person_id)
     SELECT (codes.eligible + (SELECT count(*) FROM split))::int AS "eligibleStudents",
            (codes.covered + (SELECT count(*) FROM split WHERE covered))::int AS "coveredStudents",
            codes.entitled::bigint AS "entitledFen", codes.paid::bigint AS "paidFen", codes.computed_at AS "computedAt"
       FROM codes`,
    [academicYear, region.likePattern()],
  );
  return statsRow(row);
}

/**
 * The same figures straight from the ledger (the query the roll-up replaced; the tests hold the
 * roll-up to it). Its `computedAt` is the latest change of an eligible line, not of a computation.
 */
export async function subsidyStatsFromLedger(manager: Queryable, region: RegionScope, academicYear: number): Promise<SubsidyStatsRow> {
  const [row] = await manager.query(
    `WITH lines AS (
       SELECT l.person_id, l.computed_at,
              (e.id IS NOT NULL AND e.status IN ('APPROVED','PUBLICISED','PAID')) AS approved
         FROM eligible_line l
         LEFT JOIN entitlement e ON e.person_id = l.person_id AND e.rule_code = l.rule_code
                                AND e.academic_year = l.academic_year AND e.status <> 'CANCELLED' AND NOT e.is_top_up
        WHERE l.academic_year = $1 AND ${region.predicate('l.region_code', '$2')}),
     people AS (SELECT person_id, bool_and(approved) AS covered FROM lines GROUP BY person_id),
     money AS (SELECT coalesce(sum(amount_fen), 0)::bigint AS entitled, coalesce(sum(paid_fen), 0)::bigint AS paid
                 FROM entitlement WHERE academic_year = $1 AND ${region.predicate('region_code', '$2')} AND status <> 'CANCELLED')
     SELECT (SELECT count(*)::int FROM people) AS "eligibleStudents",
            (SELECT count(*)::int FROM people WHERE covered) AS "coveredStudents",
            money.entitled AS "entitledFen", money.paid AS "paidFen",
            (SELECT max(computed_at) FROM lines) AS "computedAt"
       FROM money`,
    [academicYear, region.likePattern()],
  );
  return statsRow(row);
}
