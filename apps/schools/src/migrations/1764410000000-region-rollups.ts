import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `birth_cohort(date)`: the SQL of `BIRTH_COHORT_FUNCTION_SQL` (@epg/persistence), frozen here:
 * replaying this migration must not follow later changes of the helper.
 */
const BIRTH_COHORT_FUNCTION_SQL = `
  CREATE FUNCTION birth_cohort(birth date) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN extract(year FROM birth)::int
         + CASE WHEN extract(month FROM birth) > 9 OR (extract(month FROM birth) = 9 AND extract(day FROM birth) > 1) THEN 1 ELSE 0 END`;

/**
 * Statement-level triggers with transition tables (`new_rows`, `old_rows`): the SQL of
 * `createStatementTriggers()` (@epg/persistence), frozen here: replaying this migration must not
 * follow later changes of the helper.
 */
const ROLLUP_TRIGGERS_SQL = [
  `CREATE TRIGGER registered_child_rollup_insert AFTER INSERT ON registered_child
                     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registered_child_rollup_apply()`,
  `CREATE TRIGGER registered_child_rollup_update AFTER UPDATE ON registered_child
                     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registered_child_rollup_apply()`,
  `CREATE TRIGGER registered_child_rollup_delete AFTER DELETE ON registered_child
                     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registered_child_rollup_apply()`,
  `CREATE TRIGGER enrolment_rollup_insert AFTER INSERT ON enrolment
                     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enrolment_rollup_apply()`,
  `CREATE TRIGGER enrolment_rollup_update AFTER UPDATE ON enrolment
                     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enrolment_rollup_apply()`,
  `CREATE TRIGGER enrolment_rollup_delete AFTER DELETE ON enrolment
                     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enrolment_rollup_apply()`,
];

/** Their way back: the SQL of `dropStatementTriggers()`. */
const DROP_ROLLUP_TRIGGERS_SQL = [
  `DROP TRIGGER registered_child_rollup_insert ON registered_child`,
  `DROP TRIGGER registered_child_rollup_update ON registered_child`,
  `DROP TRIGGER registered_child_rollup_delete ON registered_child`,
  `DROP TRIGGER enrolment_rollup_insert ON enrolment`,
  `DROP TRIGGER enrolment_rollup_update ON enrolment`,
  `DROP TRIGGER enrolment_rollup_delete ON enrolment`,
];

/**
 * Roll-ups of `Region.educationIndicators`, kept true in the same transaction as the facts by
 * statement-level triggers with transition tables, so every write path (enrolment mutations,
 * projection refreshes, the seed's COPY loads, plain SQL) maintains them.
 *
 * - `child_cohort_rollup (village_code, birth_cohort)`: live registered children (not removed,
 *   household not REMOVED) by birth cohort — born in (1 September of c − 1, 1 September of c] —
 *   so that "aged a on 1 September of year Y" is cohort Y − a. Each row contributes on its own.
 * - `child_year_fact (person_id, academic_year)`: what a live child contributes to year Y's
 *   enrolment counts (enrolled preschool at 3–5, enrolled at 6–15, the retention base — in
 *   primary or junior the year before and not graduated then — and retained, enrolled senior or
 *   secondary vocational at 15–17), for the years of its enrolments and the year after each;
 *   rows contributing nothing are not kept.
 * - `enrolment_indicator_rollup (academic_year, village_code)`: the sums of those facts.
 * A statement on children or enrolments recomputes the facts of the people it touches
 * (`refresh_child_years`) and moves the roll-up by the difference, after taking a transaction lock
 * per person bucket (1,024 buckets) so statements about one person apply one after the other.
 *
 * Keys are `COLLATE "C"` so that `LIKE 'prefix%'` walks the primary key (which includes the counts).
 */
export class RegionRollups1764410000000 implements MigrationInterface {
  name = 'RegionRollups1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(BIRTH_COHORT_FUNCTION_SQL);
    await q.query(`
      CREATE TABLE child_cohort_rollup (
        village_code text COLLATE "C" NOT NULL,
        birth_cohort integer NOT NULL,
        children integer NOT NULL,
        PRIMARY KEY (village_code, birth_cohort) INCLUDE (children)
      )`);
    await q.query(`
      CREATE TABLE child_year_fact (
        person_id uuid NOT NULL,
        academic_year integer NOT NULL,
        village_code text COLLATE "C" NOT NULL,
        preschool_enrolled boolean NOT NULL,
        compulsory_enrolled boolean NOT NULL,
        retention_base boolean NOT NULL,
        retained boolean NOT NULL,
        senior_enrolled boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX child_year_fact_person_idx ON child_year_fact (person_id)`);
    await q.query(`
      CREATE TABLE enrolment_indicator_rollup (
        academic_year integer NOT NULL,
        village_code text COLLATE "C" NOT NULL,
        preschool_enrolled integer NOT NULL,
        compulsory_enrolled integer NOT NULL,
        retention_base integer NOT NULL,
        retained integer NOT NULL,
        senior_enrolled integer NOT NULL,
        PRIMARY KEY (academic_year, village_code) INCLUDE (preschool_enrolled, compulsory_enrolled, retention_base, retained, senior_enrolled)
      )`);

    await q.query(`
      CREATE FUNCTION refresh_child_years(changed_persons uuid[]) RETURNS void
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(1764411, b)
           FROM (SELECT DISTINCT hashtext(p::text) & 1023 AS b FROM unnest(changed_persons) p ORDER BY 1) buckets;
        WITH gone AS (
          DELETE FROM child_year_fact f WHERE f.person_id = ANY (changed_persons)
          RETURNING f.academic_year, f.village_code, f.preschool_enrolled, f.compulsory_enrolled, f.retention_base, f.retained, f.senior_enrolled),
        years AS (
          SELECT DISTINCT e.person_id, y.academic_year
            FROM enrolment e CROSS JOIN LATERAL (VALUES (e.academic_year), (e.academic_year + 1)) y(academic_year)
           WHERE e.person_id = ANY (changed_persons)),
        facts AS (
          SELECT c.person_id, y.academic_year, c.village_code, y.academic_year - birth_cohort(c.birth_date) AS age,
                 EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = c.person_id AND e.academic_year = y.academic_year
                            AND e.status = 'ENROLLED') AS enrolled,
                 EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = c.person_id AND e.academic_year = y.academic_year
                            AND e.status = 'ENROLLED' AND e.stage = 'PRESCHOOL') AS preschool,
                 EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = c.person_id AND e.academic_year = y.academic_year
                            AND e.status = 'ENROLLED' AND e.stage IN ('SENIOR', 'SECONDARY_VOCATIONAL')) AS senior,
                 (EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = c.person_id AND e.academic_year = y.academic_year - 1
                             AND e.stage IN ('PRIMARY', 'JUNIOR'))
                  AND NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = c.person_id AND e.academic_year = y.academic_year - 1
                             AND e.status = 'GRADUATED')) AS retention_base
            FROM years y JOIN registered_child c ON c.person_id = y.person_id
           WHERE NOT c.removed AND c.household_status <> 'REMOVED'),
        contributions AS (
          SELECT person_id, academic_year, village_code,
                 age BETWEEN 3 AND 5 AND preschool AS preschool_enrolled,
                 age BETWEEN 6 AND 15 AND enrolled AS compulsory_enrolled,
                 retention_base,
                 retention_base AND enrolled AS retained,
                 age BETWEEN 15 AND 17 AND senior AS senior_enrolled
            FROM facts),
        added AS (
          INSERT INTO child_year_fact (person_id, academic_year, village_code, preschool_enrolled, compulsory_enrolled, retention_base, retained, senior_enrolled)
          SELECT * FROM contributions
           WHERE preschool_enrolled OR compulsory_enrolled OR retention_base OR senior_enrolled
          RETURNING academic_year, village_code, preschool_enrolled, compulsory_enrolled, retention_base, retained, senior_enrolled)
        INSERT INTO enrolment_indicator_rollup AS r
          (academic_year, village_code, preschool_enrolled, compulsory_enrolled, retention_base, retained, senior_enrolled)
        SELECT academic_year, village_code,
               sum(sign * preschool_enrolled::int), sum(sign * compulsory_enrolled::int), sum(sign * retention_base::int),
               sum(sign * retained::int), sum(sign * senior_enrolled::int)
          FROM (SELECT 1 AS sign, * FROM added UNION ALL SELECT -1, * FROM gone) d
         GROUP BY 1, 2
        HAVING sum(sign * preschool_enrolled::int) <> 0 OR sum(sign * compulsory_enrolled::int) <> 0 OR sum(sign * retention_base::int) <> 0
            OR sum(sign * retained::int) <> 0 OR sum(sign * senior_enrolled::int) <> 0
         ORDER BY 1, 2
        ON CONFLICT (academic_year, village_code) DO UPDATE SET
          preschool_enrolled = r.preschool_enrolled + EXCLUDED.preschool_enrolled,
          compulsory_enrolled = r.compulsory_enrolled + EXCLUDED.compulsory_enrolled,
          retention_base = r.retention_base + EXCLUDED.retention_base,
          retained = r.retained + EXCLUDED.retained,
          senior_enrolled = r.senior_enrolled + EXCLUDED.senior_enrolled;
      END $$`);

    await q.query(`
      CREATE FUNCTION registered_child_rollup_apply() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE persons uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO child_cohort_rollup AS r (village_code, birth_cohort, children)
          SELECT village_code, birth_cohort(birth_date), count(*) FROM new_rows WHERE NOT removed AND household_status <> 'REMOVED'
           GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (village_code, birth_cohort) DO UPDATE SET children = r.children + EXCLUDED.children;
          SELECT array_agg(person_id) INTO persons FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO child_cohort_rollup AS r (village_code, birth_cohort, children)
          SELECT village_code, birth_cohort(birth_date), -count(*) FROM old_rows WHERE NOT removed AND household_status <> 'REMOVED'
           GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (village_code, birth_cohort) DO UPDATE SET children = r.children + EXCLUDED.children;
          SELECT array_agg(person_id) INTO persons FROM old_rows;
        ELSE
          INSERT INTO child_cohort_rollup AS r (village_code, birth_cohort, children)
          SELECT village_code, birth_cohort(birth_date), sum(n) FROM (
            SELECT village_code, birth_date, 1 AS n FROM new_rows WHERE NOT removed AND household_status <> 'REMOVED'
            UNION ALL SELECT village_code, birth_date, -1 FROM old_rows WHERE NOT removed AND household_status <> 'REMOVED') d
          GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
          ON CONFLICT (village_code, birth_cohort) DO UPDATE SET children = r.children + EXCLUDED.children;
          SELECT array_agg(p) INTO persons FROM (
            SELECT n.person_id AS p FROM new_rows n JOIN old_rows o USING (person_id)
             WHERE (n.village_code, n.birth_date, n.removed, n.household_status) IS DISTINCT FROM (o.village_code, o.birth_date, o.removed, o.household_status)
            UNION SELECT n.person_id FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.person_id = n.person_id)
            UNION SELECT o.person_id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.person_id = o.person_id)) x;
        END IF;
        IF persons IS NOT NULL THEN PERFORM refresh_child_years(persons); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION enrolment_rollup_apply() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE persons uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(DISTINCT person_id) INTO persons FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(DISTINCT person_id) INTO persons FROM old_rows;
        ELSE
          SELECT array_agg(DISTINCT p) INTO persons FROM (
            SELECT n.person_id AS p FROM new_rows n JOIN old_rows o USING (id)
             WHERE (n.person_id, n.academic_year, n.status, n.stage) IS DISTINCT FROM (o.person_id, o.academic_year, o.status, o.stage)
            UNION ALL
            SELECT o.person_id FROM old_rows o JOIN new_rows n USING (id)
             WHERE (n.person_id, n.academic_year, n.status, n.stage) IS DISTINCT FROM (o.person_id, o.academic_year, o.status, o.stage)) x;
        END IF;
        IF persons IS NOT NULL THEN PERFORM refresh_child_years(persons); END IF;
        RETURN NULL;
      END $$`);
    for (const sql of ROLLUP_TRIGGERS_SQL) await q.query(sql);

    // Backfill from the facts already there, through the same definitions.
    await q.query(`
      INSERT INTO child_cohort_rollup (village_code, birth_cohort, children)
      SELECT village_code, birth_cohort(birth_date), count(*) FROM registered_child
       WHERE NOT removed AND household_status <> 'REMOVED' GROUP BY 1, 2`);
    await q.query(`SELECT refresh_child_years(array_agg(person_id)) FROM registered_child`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of DROP_ROLLUP_TRIGGERS_SQL) await q.query(sql);
    await q.query(`DROP FUNCTION enrolment_rollup_apply`);
    await q.query(`DROP FUNCTION registered_child_rollup_apply`);
    await q.query(`DROP FUNCTION refresh_child_years`);
    await q.query(`DROP TABLE enrolment_indicator_rollup`);
    await q.query(`DROP TABLE child_year_fact`);
    await q.query(`DROP TABLE child_cohort_rollup`);
    await q.query(`DROP FUNCTION birth_cohort`);
  }
}
