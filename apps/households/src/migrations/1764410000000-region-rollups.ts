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
  `CREATE TRIGGER household_rollup_insert AFTER INSERT ON household
                     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_rollup_apply()`,
  `CREATE TRIGGER household_rollup_update AFTER UPDATE ON household
                     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_rollup_apply()`,
  `CREATE TRIGGER household_rollup_delete AFTER DELETE ON household
                     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION household_rollup_apply()`,
  `CREATE TRIGGER person_rollup_insert AFTER INSERT ON person
                     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_rollup_apply()`,
  `CREATE TRIGGER person_rollup_update AFTER UPDATE ON person
                     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_rollup_apply()`,
  `CREATE TRIGGER person_rollup_delete AFTER DELETE ON person
                     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_rollup_apply()`,
];

/** Their way back: the SQL of `dropStatementTriggers()`. */
const DROP_ROLLUP_TRIGGERS_SQL = [
  `DROP TRIGGER household_rollup_insert ON household`,
  `DROP TRIGGER household_rollup_update ON household`,
  `DROP TRIGGER household_rollup_delete ON household`,
  `DROP TRIGGER person_rollup_insert ON person`,
  `DROP TRIGGER person_rollup_update ON person`,
  `DROP TRIGGER person_rollup_delete ON person`,
];

/**
 * Roll-ups of the region figures (`Region.householdStats`), kept true in the same transaction as
 * the facts by statement-level triggers with transition tables — so every write path (mutations,
 * imports, the seed's COPY loads, the announce trigger's member updates, plain SQL) maintains
 * them. Each fact row contributes on its own (no cross-row rule), so a statement adds the counts
 * of its NEW rows and subtracts those of its OLD rows: increments commute, concurrent writers
 * only queue on the roll-up rows they share.
 *
 * - `household_rollup (village_code, status)`: households on the register, by status.
 * - `person_rollup (village_code, birth_cohort)`: members of live households by birth cohort —
 *   the academic year on whose 1 September they were born or after whose 1 September they were
 *   born (see `school-age.ts`), so that "aged 6–15 on 1 September of year Y" is a cohort range.
 *
 * Keys are `COLLATE "C"` so that `LIKE 'prefix%'` walks the primary key (index-only: it includes the
 * counts). The trigger functions pin
 * their search_path (the seed loads with another one).
 */
export class RegionRollups1764410000000 implements MigrationInterface {
  name = 'RegionRollups1764410000000';

  async up(q: QueryRunner): Promise<void> {
    // Born in (1 Sept of c − 1, 1 Sept of c] → cohort c.
    await q.query(BIRTH_COHORT_FUNCTION_SQL);

    await q.query(`
      CREATE TABLE household_rollup (
        village_code text COLLATE "C" NOT NULL,
        status text NOT NULL,
        households integer NOT NULL,
        PRIMARY KEY (village_code, status) INCLUDE (households)
      )`);
    await q.query(`
      CREATE TABLE person_rollup (
        village_code text COLLATE "C" NOT NULL,
        birth_cohort integer NOT NULL,
        people integer NOT NULL,
        PRIMARY KEY (village_code, birth_cohort) INCLUDE (people)
      )`);

    await q.query(`
      CREATE FUNCTION household_rollup_apply() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO household_rollup AS r (village_code, status, households)
          SELECT village_code, status, count(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (village_code, status) DO UPDATE SET households = r.households + EXCLUDED.households;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO household_rollup AS r (village_code, status, households)
          SELECT village_code, status, -count(*) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (village_code, status) DO UPDATE SET households = r.households + EXCLUDED.households;
        ELSE
          INSERT INTO household_rollup AS r (village_code, status, households)
          SELECT village_code, status, sum(n) FROM (
            SELECT village_code, status, 1 AS n FROM new_rows
            UNION ALL SELECT village_code, status, -1 FROM old_rows) d
          GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
          ON CONFLICT (village_code, status) DO UPDATE SET households = r.households + EXCLUDED.households;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION person_rollup_apply() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO person_rollup AS r (village_code, birth_cohort, people)
          SELECT village_code, birth_cohort(birth_date), count(*) FROM new_rows WHERE live GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (village_code, birth_cohort) DO UPDATE SET people = r.people + EXCLUDED.people;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO person_rollup AS r (village_code, birth_cohort, people)
          SELECT village_code, birth_cohort(birth_date), -count(*) FROM old_rows WHERE live GROUP BY 1, 2 ORDER BY 1, 2
          ON CONFLICT (village_code, birth_cohort) DO UPDATE SET people = r.people + EXCLUDED.people;
        ELSE
          INSERT INTO person_rollup AS r (village_code, birth_cohort, people)
          SELECT village_code, birth_cohort(birth_date), sum(n) FROM (
            SELECT village_code, birth_date, 1 AS n FROM new_rows WHERE live
            UNION ALL SELECT village_code, birth_date, -1 FROM old_rows WHERE live) d
          GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
          ON CONFLICT (village_code, birth_cohort) DO UPDATE SET people = r.people + EXCLUDED.people;
        END IF;
        RETURN NULL;
      END $$`);
    for (const sql of ROLLUP_TRIGGERS_SQL) await q.query(sql);

    // Backfill from the facts already there (the same definition as the direct count).
    await q.query(`
      INSERT INTO household_rollup (village_code, status, households)
      SELECT village_code, status, count(*) FROM household GROUP BY 1, 2`);
    await q.query(`
      INSERT INTO person_rollup (village_code, birth_cohort, people)
      SELECT village_code, birth_cohort(birth_date), count(*) FROM person WHERE live GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of DROP_ROLLUP_TRIGGERS_SQL) await q.query(sql);
    await q.query(`DROP FUNCTION person_rollup_apply`);
    await q.query(`DROP FUNCTION household_rollup_apply`);
    await q.query(`DROP TABLE person_rollup`);
    await q.query(`DROP TABLE household_rollup`);
    await q.query(`DROP FUNCTION birth_cohort`);
  }
}
