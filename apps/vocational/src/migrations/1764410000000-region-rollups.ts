import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statement-level triggers with transition tables (`new_rows`, `old_rows`): the SQL of
 * `createStatementTriggers()` (@epg/persistence), frozen here: replaying this migration must not
 * follow later changes of the helper.
 */
const SKILL_TRIGGERS_SQL = [
  `CREATE TRIGGER household_member_skill_insert AFTER INSERT ON household_member
                     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_member_skill_apply()`,
  `CREATE TRIGGER household_member_skill_update AFTER UPDATE ON household_member
                     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_member_skill_apply()`,
  `CREATE TRIGGER household_member_skill_delete AFTER DELETE ON household_member
                     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION household_member_skill_apply()`,
  `CREATE TRIGGER vocational_enrolment_skill_insert AFTER INSERT ON vocational_enrolment
                     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vocational_enrolment_skill_apply()`,
  `CREATE TRIGGER vocational_enrolment_skill_update AFTER UPDATE ON vocational_enrolment
                     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vocational_enrolment_skill_apply()`,
  `CREATE TRIGGER vocational_enrolment_skill_delete AFTER DELETE ON vocational_enrolment
                     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vocational_enrolment_skill_apply()`,
  `CREATE TRIGGER skills_training_skill_insert AFTER INSERT ON skills_training
                     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION skills_training_skill_apply()`,
  `CREATE TRIGGER skills_training_skill_update AFTER UPDATE ON skills_training
                     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION skills_training_skill_apply()`,
  `CREATE TRIGGER skills_training_skill_delete AFTER DELETE ON skills_training
                     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION skills_training_skill_apply()`,
];

/** Their way back, per table: the SQL of `dropStatementTriggers()`. */
const DROP_SKILL_TRIGGERS_SQL: Record<string, string[]> = {
  household_member: [
    `DROP TRIGGER household_member_skill_insert ON household_member`,
    `DROP TRIGGER household_member_skill_update ON household_member`,
    `DROP TRIGGER household_member_skill_delete ON household_member`,
  ],
  vocational_enrolment: [
    `DROP TRIGGER vocational_enrolment_skill_insert ON vocational_enrolment`,
    `DROP TRIGGER vocational_enrolment_skill_update ON vocational_enrolment`,
    `DROP TRIGGER vocational_enrolment_skill_delete ON vocational_enrolment`,
  ],
  skills_training: [
    `DROP TRIGGER skills_training_skill_insert ON skills_training`,
    `DROP TRIGGER skills_training_skill_update ON skills_training`,
    `DROP TRIGGER skills_training_skill_delete ON skills_training`,
  ],
};

/**
 * Roll-ups of `Region.vocationalIndicators`, kept true in the same transaction as the facts by
 * statement-level triggers with transition tables, so every write path (mutations, projection
 * refreshes, the seed's COPY loads, plain SQL) maintains them.
 *
 * 1户1人 depends on several rows of three tables, so it is kept in two steps:
 * - `household_skill (household_id)`: what each household currently contributes — registered (a
 *   member in the projection, not removed, household not REMOVED), the village of its members,
 *   and `skilled_from`, the first academic year by whose end it has a skilled member (an ENROLLED
 *   or GRADUATED enrolment started by then, or a qualifying skills training completed before
 *   1 September of the next year; see `skilledMemberSql`), null when none;
 * - `household_skill_rollup (village_code, skilled_from)`: registered households by that year.
 * A statement on members, enrolments or trainings recomputes the households it touches from
 * the facts (`refresh_household_skill`) and moves their counts in the roll-up by the difference.
 * It first takes a transaction lock per person bucket (1,024 buckets) and then locks the
 * households' rows, so statements about one person or one household apply one after the other,
 * each seeing the other's committed facts.
 *
 * Enrolment counts need no roll-up: `vocational_enrolment_region_cover_idx` makes them index-only.
 */
export class RegionRollups1764410000000 implements MigrationInterface {
  name = 'RegionRollups1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX vocational_enrolment_region_cover_idx ON vocational_enrolment (region_code text_pattern_ops)
                     INCLUDE (start_year, end_academic_year, status, employed)`);
    await q.query(`DROP INDEX vocational_enrolment_region_idx`);

    // The academic year a date falls in (1 September starts it).
    await q.query(`
      CREATE FUNCTION academic_year_of(day date) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN extract(year FROM day)::int - CASE WHEN extract(month FROM day) < 9 THEN 1 ELSE 0 END`);

    await q.query(`
      CREATE TABLE household_skill (
        household_id uuid PRIMARY KEY,
        registered boolean NOT NULL,
        village_code text COLLATE "C",
        skilled_from integer
      )`);
    await q.query(`
      CREATE TABLE household_skill_rollup (
        village_code text COLLATE "C" NOT NULL,
        skilled_from integer,
        households integer NOT NULL,
        UNIQUE NULLS NOT DISTINCT (village_code, skilled_from) INCLUDE (households)
      )`);

    await q.query(`
      CREATE FUNCTION refresh_household_skill(changed_persons uuid[], changed_households uuid[]) RETURNS void
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        ids uuid[];
      BEGIN
        PERFORM pg_advisory_xact_lock(1764410, b)
           FROM (SELECT DISTINCT hashtext(p::text) & 1023 AS b FROM unnest(changed_persons) p ORDER BY 1) buckets;
        SELECT array_agg(DISTINCT h ORDER BY h) INTO ids FROM (
          SELECT unnest(changed_households) AS h
          UNION SELECT m.household_id FROM household_member m WHERE m.person_id = ANY (changed_persons)) x
         WHERE h IS NOT NULL;
        IF ids IS NULL THEN RETURN; END IF;

        INSERT INTO household_skill (household_id, registered)
        SELECT h, false FROM unnest(ids) h ORDER BY h ON CONFLICT (household_id) DO NOTHING;
        PERFORM 1 FROM household_skill WHERE household_id = ANY (ids) ORDER BY household_id FOR UPDATE;

        WITH computed AS (
          SELECT m.household_id, min(m.village_code) AS village_code,
                 min(LEAST(
                   (SELECT min(e.start_year) FROM vocational_enrolment e
                     WHERE e.person_id = m.person_id AND e.status IN ('ENROLLED', 'GRADUATED')),
                   (SELECT min(academic_year_of(t.completed_on)) FROM skills_training t
                     WHERE t.person_id = m.person_id
                       AND (t.employed_after IS TRUE OR (t.kind = 'PRACTICAL_TECHNIQUE' AND t.certificate IS NOT NULL))))) AS skilled_from
            FROM household_member m
           WHERE m.household_id = ANY (ids) AND NOT m.removed AND m.household_status <> 'REMOVED'
           GROUP BY m.household_id),
        next AS (
          SELECT h AS household_id, c.household_id IS NOT NULL AS registered, c.village_code, c.skilled_from
            FROM unnest(ids) h LEFT JOIN computed c ON c.household_id = h),
        before AS (
          SELECT s.household_id, s.registered, s.village_code, s.skilled_from FROM household_skill s WHERE s.household_id = ANY (ids)),
        changed AS (
          UPDATE household_skill s SET registered = n.registered, village_code = n.village_code, skilled_from = n.skilled_from
            FROM next n
           WHERE s.household_id = n.household_id
             AND (s.registered, s.village_code, s.skilled_from) IS DISTINCT FROM (n.registered, n.village_code, n.skilled_from)
          RETURNING s.household_id)
        INSERT INTO household_skill_rollup AS r (village_code, skilled_from, households)
        SELECT village_code, skilled_from, sum(n) FROM (
          SELECT n.village_code, n.skilled_from, 1 AS n FROM next n WHERE n.registered AND n.household_id IN (SELECT household_id FROM changed)
          UNION ALL
          SELECT b.village_code, b.skilled_from, -1 FROM before b WHERE b.registered AND b.household_id IN (SELECT household_id FROM changed)) d
        GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
        ON CONFLICT (village_code, skilled_from) DO UPDATE SET households = r.households + EXCLUDED.households;
      END $$`);

    // Members: the households of new and old rows whose membership facts changed.
    await q.query(`
      CREATE FUNCTION household_member_skill_apply() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE persons uuid[]; households uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(person_id), array_agg(household_id) INTO persons, households FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(person_id), array_agg(household_id) INTO persons, households FROM old_rows;
        ELSE
          SELECT array_agg(p), array_agg(h) INTO persons, households FROM (
            SELECT n.person_id AS p, n.household_id AS h FROM new_rows n JOIN old_rows o USING (person_id)
             WHERE (n.household_id, n.village_code, n.removed, n.household_status) IS DISTINCT FROM (o.household_id, o.village_code, o.removed, o.household_status)
            UNION ALL
            SELECT o.person_id, o.household_id FROM old_rows o JOIN new_rows n USING (person_id)
             WHERE (n.household_id, n.village_code, n.removed, n.household_status) IS DISTINCT FROM (o.household_id, o.village_code, o.removed, o.household_status)) x;
        END IF;
        IF persons IS NOT NULL THEN PERFORM refresh_household_skill(persons, households); END IF;
        RETURN NULL;
      END $$`);
    // Enrolments and trainings: the households of the people whose skill facts changed.
    for (const [table, columns] of [
      ['vocational_enrolment', 'person_id, status, start_year'],
      ['skills_training', 'person_id, completed_on, employed_after, kind, certificate'],
    ] as const) {
      await q.query(`
        CREATE FUNCTION ${table}_skill_apply() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        DECLARE persons uuid[];
        BEGIN
          IF TG_OP = 'INSERT' THEN
            SELECT array_agg(person_id) INTO persons FROM new_rows;
          ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(person_id) INTO persons FROM old_rows;
          ELSE
            SELECT array_agg(p) INTO persons FROM (
              SELECT n.person_id AS p FROM new_rows n JOIN old_rows o USING (id) WHERE (n.${columns.split(', ').join(', n.')}) IS DISTINCT FROM (o.${columns.split(', ').join(', o.')})
              UNION ALL
              SELECT o.person_id FROM old_rows o JOIN new_rows n USING (id) WHERE (n.${columns.split(', ').join(', n.')}) IS DISTINCT FROM (o.${columns.split(', ').join(', o.')})) x;
          END IF;
          IF persons IS NOT NULL THEN PERFORM refresh_household_skill(persons, NULL); END IF;
          RETURN NULL;
        END $$`);
    }
    for (const sql of SKILL_TRIGGERS_SQL) await q.query(sql);

    // Backfill: every household of the projection, through the same refresh.
    await q.query(`SELECT refresh_household_skill(NULL, array_agg(DISTINCT household_id)) FROM household_member`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['household_member', 'vocational_enrolment', 'skills_training']) {
      for (const sql of DROP_SKILL_TRIGGERS_SQL[table]!) await q.query(sql);
      await q.query(`DROP FUNCTION ${table}_skill_apply`);
    }
    await q.query(`DROP FUNCTION refresh_household_skill`);
    await q.query(`DROP TABLE household_skill_rollup`);
    await q.query(`DROP TABLE household_skill`);
    await q.query(`DROP FUNCTION academic_year_of`);
    await q.query(`CREATE INDEX vocational_enrolment_region_idx ON vocational_enrolment (region_code text_pattern_ops)`);
    await q.query(`DROP INDEX vocational_enrolment_region_cover_idx`);
  }
}
