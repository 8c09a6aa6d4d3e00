import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statement-level triggers with transition tables (`new_rows`, `old_rows`): the SQL of
 * `createStatementTriggers()` (@epg/persistence), frozen here: replaying this migration must not
 * follow later changes of the helper.
 */
const ROLLUP_TRIGGERS_SQL = [
  `CREATE TRIGGER teacher_rollup_insert AFTER INSERT ON teacher
                     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION teacher_rollup_apply()`,
  `CREATE TRIGGER teacher_rollup_update AFTER UPDATE ON teacher
                     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION teacher_rollup_apply()`,
  `CREATE TRIGGER teacher_rollup_delete AFTER DELETE ON teacher
                     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION teacher_rollup_apply()`,
  `CREATE TRIGGER training_record_rollup_insert AFTER INSERT ON training_record
                     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_cycle_rollup_apply()`,
  `CREATE TRIGGER training_record_rollup_update AFTER UPDATE ON training_record
                     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_cycle_rollup_apply()`,
  `CREATE TRIGGER training_record_rollup_delete AFTER DELETE ON training_record
                     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION training_cycle_rollup_apply()`,
];

/** Their way back: the SQL of `dropStatementTriggers()`. */
const DROP_ROLLUP_TRIGGERS_SQL = [
  `DROP TRIGGER teacher_rollup_insert ON teacher`,
  `DROP TRIGGER teacher_rollup_update ON teacher`,
  `DROP TRIGGER teacher_rollup_delete ON teacher`,
  `DROP TRIGGER training_record_rollup_insert ON training_record`,
  `DROP TRIGGER training_record_rollup_update ON training_record`,
  `DROP TRIGGER training_record_rollup_delete ON training_record`,
];

/**
 * Roll-ups of the region figures (`Region.teacherStats`, `Region.teacherTrainingCoverage`), kept
 * true in the same transaction as the facts by statement-level triggers with transition tables,
 * so every write path (mutations, the seed's COPY loads, plain SQL) maintains them.
 *
 * - `teacher_rollup (region_code, rural)`: active teachers (left_on IS NULL). Each teacher row
 *   contributes on its own: a statement adds its NEW rows and subtracts its OLD rows.
 * - `training_cycle_rollup (cycle_start_year, region_code)`: for the five-year cycle starting in
 *   `cycle_start_year` (calendar years S..S+4), the active teachers of the region trained in it
 *   and their trainings (人次). A teacher counts in every cycle containing one of its training
 *   years, under its current region. A training statement recomputes the contributions of the
 *   teachers it touches before (current trainings minus the statement's delta) and after, and
 *   adds the difference; it first locks those teachers (FOR NO KEY UPDATE, which the training's
 *   foreign key does not conflict with) so two statements on one teacher apply one after the
 *   other and each sees the other's committed trainings. A teacher update moves the teacher's
 *   contributions between regions, or in or out when it leaves. Teachers are inserted before
 *   and deleted after their trainings (foreign key), so those contribute nothing to cycles.
 *
 * Keys are `COLLATE "C"` so that `LIKE 'prefix%'` walks the primary key (which includes the counts).
 */
export class RegionRollups1764410000000 implements MigrationInterface {
  name = 'RegionRollups1764410000000';

  async up(q: QueryRunner): Promise<void> {
    // The allowance payroll counts postings per region and tier from the index alone.
    await q.query(`CREATE INDEX teacher_posting_region_tier_idx ON teacher_posting (region_code text_pattern_ops, hardship_tier) INCLUDE (from_date, to_date)`);
    await q.query(`DROP INDEX teacher_posting_region_idx`);
    await q.query(`
      CREATE TABLE teacher_rollup (
        region_code text COLLATE "C" NOT NULL,
        rural boolean NOT NULL,
        teachers integer NOT NULL,
        PRIMARY KEY (region_code, rural) INCLUDE (teachers)
      )`);
    await q.query(`
      CREATE TABLE training_cycle_rollup (
        cycle_start_year integer NOT NULL,
        region_code text COLLATE "C" NOT NULL,
        trained integer NOT NULL,
        person_times integer NOT NULL,
        PRIMARY KEY (cycle_start_year, region_code) INCLUDE (trained, person_times)
      )`);

    await q.query(`
      CREATE FUNCTION teacher_rollup_apply() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO teacher_rollup AS r (region_code, rural, teachers)
          SELECT region_code, rural, count(*) FROM new_rows WHERE left_on IS NULL GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (region_code, rural) DO UPDATE SET teachers = r.teachers + EXCLUDED.teachers;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO teacher_rollup AS r (region_code, rural, teachers)
          SELECT region_code, rural, -count(*) FROM old_rows WHERE left_on IS NULL GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (region_code, rural) DO UPDATE SET teachers = r.teachers + EXCLUDED.teachers;
        ELSE
          INSERT INTO teacher_rollup AS r (region_code, rural, teachers)
          SELECT region_code, rural, sum(n) FROM (
            SELECT region_code, rural, 1 AS n FROM new_rows WHERE left_on IS NULL
            UNION ALL SELECT region_code, rural, -1 FROM old_rows WHERE left_on IS NULL) d
          GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
          ON CONFLICT (region_code, rural) DO UPDATE SET teachers = r.teachers + EXCLUDED.teachers;

          -- A teacher that moved or left takes its cycle contributions along (or out).
          INSERT INTO training_cycle_rollup AS r (cycle_start_year, region_code, trained, person_times)
          SELECT c.cycle_start_year, c.region_code, sum(c.trained), sum(c.person_times) FROM (
            SELECT moved.region_code, p.cycle_start_year, moved.sign AS trained, moved.sign * p.times AS person_times
              FROM (SELECT n.id, n.region_code, 1 AS sign FROM new_rows n JOIN old_rows o USING (id)
                     WHERE n.left_on IS NULL AND (o.left_on IS NOT NULL OR o.region_code <> n.region_code)
                    UNION ALL
                    SELECT o.id, o.region_code, -1 FROM old_rows o JOIN new_rows n USING (id)
                     WHERE o.left_on IS NULL AND (n.left_on IS NOT NULL OR o.region_code <> n.region_code)) moved
              JOIN LATERAL (
                SELECT s.start AS cycle_start_year, count(*) AS times
                  FROM training_record t
                 CROSS JOIN LATERAL generate_series(extract(year FROM t.completed_on)::int - 4, extract(year FROM t.completed_on)::int) s(start)
                 WHERE t.teacher_id = moved.id
                 GROUP BY s.start) p ON true) c
          GROUP BY 1, 2 HAVING sum(c.trained) <> 0 OR sum(c.person_times) <> 0 ORDER BY 1, 2
          ON CONFLICT (cycle_start_year, region_code)
          DO UPDATE SET trained = r.trained + EXCLUDED.trained, person_times = r.person_times + EXCLUDED.person_times;
        END IF;
        RETURN NULL;
      END $$`);

    await q.query(`
      CREATE FUNCTION training_cycle_rollup_apply() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        delta_teacher uuid[];
        delta_year integer[];
        delta_n integer[];
      BEGIN
        -- The statement's delta by teacher and year: +1 per new row, −1 per old row.
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(teacher_id), array_agg(year), array_agg(n) INTO delta_teacher, delta_year, delta_n
            FROM (SELECT teacher_id, extract(year FROM completed_on)::int AS year, count(*)::int AS n FROM new_rows GROUP BY 1, 2) d;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(teacher_id), array_agg(year), array_agg(n) INTO delta_teacher, delta_year, delta_n
            FROM (SELECT teacher_id, extract(year FROM completed_on)::int AS year, -count(*)::int AS n FROM old_rows GROUP BY 1, 2) d;
        ELSE
          SELECT array_agg(teacher_id), array_agg(year), array_agg(n) INTO delta_teacher, delta_year, delta_n
            FROM (SELECT teacher_id, year, sum(n)::int AS n FROM (
                    SELECT teacher_id, extract(year FROM completed_on)::int AS year, 1 AS n FROM new_rows
                    UNION ALL SELECT teacher_id, extract(year FROM completed_on)::int, -1 FROM old_rows) u
                  GROUP BY 1, 2 HAVING sum(n) <> 0) d;
        END IF;
        IF delta_teacher IS NULL THEN RETURN NULL; END IF;

        PERFORM 1 FROM teacher WHERE id = ANY (delta_teacher) ORDER BY id FOR NO KEY UPDATE;

        WITH delta AS (
          SELECT teacher_id, year, n FROM unnest(delta_teacher, delta_year, delta_n) AS d(teacher_id, year, n)),
        now_years AS (
          SELECT t.teacher_id, extract(year FROM t.completed_on)::int AS year, count(*)::int AS n
            FROM training_record t WHERE t.teacher_id IN (SELECT teacher_id FROM delta) GROUP BY 1, 2),
        years AS (
          SELECT teacher_id, year, coalesce(c.n, 0) AS after_n, coalesce(c.n, 0) - coalesce(d.n, 0) AS before_n
            FROM now_years c FULL JOIN delta d USING (teacher_id, year)),
        cycles AS (
          SELECT y.teacher_id, s.start AS cycle_start_year, sum(y.after_n) AS after_n, sum(y.before_n) AS before_n
            FROM years y CROSS JOIN LATERAL generate_series(y.year - 4, y.year) s(start)
           GROUP BY 1, 2)
        INSERT INTO training_cycle_rollup AS r (cycle_start_year, region_code, trained, person_times)
        SELECT c.cycle_start_year, t.region_code, sum(sign(c.after_n) - sign(c.before_n)), sum(c.after_n - c.before_n)
          FROM cycles c JOIN teacher t ON t.id = c.teacher_id
         WHERE t.left_on IS NULL
         GROUP BY 1, 2 HAVING sum(sign(c.after_n) - sign(c.before_n)) <> 0 OR sum(c.after_n - c.before_n) <> 0 ORDER BY 1, 2
        ON CONFLICT (cycle_start_year, region_code)
        DO UPDATE SET trained = r.trained + EXCLUDED.trained, person_times = r.person_times + EXCLUDED.person_times;
        RETURN NULL;
      END $$`);

    for (const sql of ROLLUP_TRIGGERS_SQL) await q.query(sql);

    // Backfill from the facts already there.
    await q.query(`
      INSERT INTO teacher_rollup (region_code, rural, teachers)
      SELECT region_code, rural, count(*) FROM teacher WHERE left_on IS NULL GROUP BY 1, 2`);
    await q.query(`
      INSERT INTO training_cycle_rollup (cycle_start_year, region_code, trained, person_times)
      SELECT c.cycle_start_year, t.region_code, count(*), sum(c.times)
        FROM (SELECT r.teacher_id, s.start AS cycle_start_year, count(*) AS times
                FROM training_record r
               CROSS JOIN LATERAL generate_series(extract(year FROM r.completed_on)::int - 4, extract(year FROM r.completed_on)::int) s(start)
               GROUP BY 1, 2) c
        JOIN teacher t ON t.id = c.teacher_id
       WHERE t.left_on IS NULL
       GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of DROP_ROLLUP_TRIGGERS_SQL) await q.query(sql);
    await q.query(`DROP FUNCTION training_cycle_rollup_apply`);
    await q.query(`DROP FUNCTION teacher_rollup_apply`);
    await q.query(`DROP TABLE training_cycle_rollup`);
    await q.query(`DROP TABLE teacher_rollup`);
    await q.query(`CREATE INDEX teacher_posting_region_idx ON teacher_posting (region_code text_pattern_ops)`);
    await q.query(`DROP INDEX teacher_posting_region_tier_idx`);
  }
}
