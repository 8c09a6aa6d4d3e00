import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The backfill: the statements `rebuildCoverageRollup()` of src/coverage-rollup/coverage-rollup.ts ran
 * (through `refreshCoverageRollup`, `dependentCodes` and `codesOfYear`) when this migration was
 * made, frozen here: replaying this migration must not follow later changes of the live module.
 */

/** Above this many codes a refresh recomputes the whole year (hash joins beat lookups). */
const WHOLE_YEAR_ABOVE = 64;

/** The years of the ledger, each with every code its lines and entitlements carry. */
const LEDGER_YEARS_SQL = `SELECT academic_year, array_agg(DISTINCT region_code) AS codes
       FROM (SELECT academic_year, region_code FROM eligible_line UNION SELECT academic_year, region_code FROM entitlement) c
      GROUP BY academic_year ORDER BY academic_year`;

/** The codes depending on $1 in year $2 (a few codes). */
const DEPENDENT_CODES_SQL = `WITH codes AS MATERIALIZED (SELECT DISTINCT unnest($1::text[]) AS region_code),
     persons AS MATERIALIZED (
       SELECT l.person_id FROM codes c JOIN eligible_line l ON l.academic_year = $2 AND l.region_code = c.region_code
       UNION SELECT s.person_id FROM codes c JOIN coverage_split s ON s.academic_year = $2 AND s.region_code = c.region_code
       UNION SELECT e.person_id FROM codes c JOIN entitlement e ON e.academic_year = $2 AND e.region_code = c.region_code)
     SELECT array(
       SELECT region_code FROM codes
       UNION SELECT l.region_code FROM persons p JOIN eligible_line l ON l.academic_year = $2 AND l.person_id = p.person_id
       UNION SELECT s.region_code FROM persons p JOIN coverage_split s ON s.academic_year = $2 AND s.person_id = p.person_id) AS codes`;

/** Every code of year $1 (a whole-year refresh). */
const CODES_OF_YEAR_SQL = `SELECT array(
       SELECT region_code FROM eligible_line WHERE academic_year = $1
       UNION SELECT region_code FROM entitlement WHERE academic_year = $1
       UNION SELECT region_code FROM coverage_split WHERE academic_year = $1
       UNION SELECT region_code FROM coverage_rollup WHERE academic_year = $1) AS codes`;

const DROP_COVERAGE_LINES_SQL = `DROP TABLE IF EXISTS coverage_lines`;

/** The eligible lines of codes $1 in year $2, each with whether it is covered. */
const COVERAGE_LINES_SQL = `CREATE TEMP TABLE coverage_lines ON COMMIT DROP AS
     SELECT l.person_id, l.region_code, (e.id IS NOT NULL AND e.status IN ('APPROVED','PUBLICISED','PAID')) AS approved
       FROM eligible_line l
       LEFT JOIN entitlement e ON e.person_id = l.person_id AND e.rule_code = l.rule_code
                              AND e.academic_year = l.academic_year AND e.status <> 'CANCELLED'
      WHERE l.academic_year = $2 AND l.region_code = ANY($1)`;

const ANALYZE_COVERAGE_LINES_SQL = `ANALYZE coverage_lines`;

/** Unless the whole year is recomputed, a student is split by a line elsewhere too. */
const SPLIT_ELSEWHERE_SQL = `OR bool_or(EXISTS (SELECT 1 FROM eligible_line o WHERE o.academic_year = $2 AND o.person_id = c.person_id AND o.region_code <> ALL(args.codes)))`;

const DELETE_SPLIT_SQL = `DELETE FROM coverage_split WHERE academic_year = $2 AND region_code = ANY($1)`;

const insertSplitSql = (elsewhere: string) => `WITH args AS (SELECT $1::text[] AS codes),
     per_code AS MATERIALIZED (
       SELECT person_id, region_code, bool_and(approved) AS covered FROM coverage_lines GROUP BY person_id, region_code),
     split AS (
       SELECT c.person_id FROM per_code c, args GROUP BY c.person_id
       HAVING count(*) > 1 ${elsewhere})
     INSERT INTO coverage_split (academic_year, person_id, region_code, covered)
     SELECT $2, c.person_id, c.region_code, c.covered FROM per_code c WHERE c.person_id IN (SELECT person_id FROM split)`;

const UPSERT_ROLLUP_SQL = `WITH codes AS (SELECT DISTINCT unnest($1::text[]) AS region_code),
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
       computed_at = CASE WHEN EXCLUDED.eligible_lines > 0 THEN coverage_rollup.computed_at END`;

/** Before the roll-up every line carried the time of the last computation covering its code. */
const COMPUTED_AT_FROM_LINES_SQL = `UPDATE coverage_rollup r SET computed_at = l.computed_at
         FROM (SELECT region_code, max(computed_at) AS computed_at FROM eligible_line WHERE academic_year = $1 GROUP BY region_code) l
        WHERE r.academic_year = $1 AND r.region_code = l.region_code`;

/** Recomputes every roll-up row of the ledger, a year at a time. */
async function rebuildCoverageRollup(q: QueryRunner): Promise<void> {
  const years: { academic_year: number; codes: string[] }[] = await q.query(LEDGER_YEARS_SQL);
  for (const { academic_year: year, codes: regionCodes } of years) {
    if (regionCodes.length > 0) {
      const wholeYear = regionCodes.length > WHOLE_YEAR_ABOVE;
      const [{ codes }]: { codes: string[] }[] = wholeYear
        ? await q.query(CODES_OF_YEAR_SQL, [year])
        : await q.query(DEPENDENT_CODES_SQL, [regionCodes, year]);
      await q.query(DROP_COVERAGE_LINES_SQL);
      await q.query(COVERAGE_LINES_SQL, [codes, year]);
      await q.query(ANALYZE_COVERAGE_LINES_SQL);
      await q.query(DELETE_SPLIT_SQL, [codes, year]);
      await q.query(insertSplitSql(wholeYear ? '' : SPLIT_ELSEWHERE_SQL), [codes, year]);
      await q.query(UPSERT_ROLLUP_SQL, [codes, year]);
    }
    await q.query(COMPUTED_AT_FROM_LINES_SQL, [year]);
  }
}

/**
 * The coverage roll-up behind `Region.subsidyStats` (issue 9): per academic year and region code,
 * the eligible and covered students, the entitled and paid money and when the code was last
 * computed; students whose lines span several codes listed apart. Backfilled from the ledger.
 */
export class CoverageRollup1764400000000 implements MigrationInterface {
  name = 'CoverageRollup1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coverage_rollup (
        academic_year integer NOT NULL,
        region_code text NOT NULL,
        eligible_lines integer NOT NULL,
        eligible_students integer NOT NULL,
        covered_students integer NOT NULL,
        entitled_fen bigint NOT NULL,
        paid_fen bigint NOT NULL,
        computed_at timestamptz,
        PRIMARY KEY (academic_year, region_code)
      )`);
    await q.query(`CREATE INDEX coverage_rollup_region_idx ON coverage_rollup (academic_year, region_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE coverage_split (
        academic_year integer NOT NULL,
        person_id uuid NOT NULL,
        region_code text NOT NULL,
        covered boolean NOT NULL,
        PRIMARY KEY (academic_year, person_id, region_code)
      )`);
    await q.query(`CREATE INDEX coverage_split_region_idx ON coverage_split (academic_year, region_code text_pattern_ops)`);
    await rebuildCoverageRollup(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE coverage_split`);
    await q.query(`DROP TABLE coverage_rollup`);
  }
}
