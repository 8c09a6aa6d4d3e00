import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The 1户1人 skilled-member facts of a person, as SQL over member `m` (both versions of the rule). */
const ENROLMENT_TERM = `(SELECT min(e.start_year) FROM vocational_enrolment e
                     WHERE e.person_id = m.person_id AND e.status IN ('ENROLLED', 'GRADUATED'))`;
const TRAINING_TERM = `(SELECT min(academic_year_of(t.completed_on)) FROM skills_training t
                     WHERE t.person_id = m.person_id
                       AND (t.employed_after IS TRUE OR (t.kind = 'PRACTICAL_TECHNIQUE' AND t.certificate IS NOT NULL)))`;
const SCHOOL_RECORD_TERM = `(SELECT min(r.academic_year) FROM school_record r
                     WHERE r.person_id = m.person_id AND r.stage IN ('SECONDARY_VOCATIONAL', 'HIGHER_VOCATIONAL')
                       AND (SELECT l.status FROM school_record l
                             WHERE l.person_id = m.person_id AND l.stage IN ('SECONDARY_VOCATIONAL', 'HIGHER_VOCATIONAL')
                             ORDER BY l.academic_year DESC, l.changed_at DESC LIMIT 1) IN ('ENROLLED', 'GRADUATED'))`;

/** `refresh_household_skill` of migration region-rollups, with `skilled_from` the least of `terms`. */
function refreshHouseholdSkillSql(terms: readonly string[]): string {
  return `
      CREATE OR REPLACE FUNCTION refresh_household_skill(changed_persons uuid[], changed_households uuid[]) RETURNS void
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
                   ${terms.join(',\n                   ')})) AS skilled_from
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
      END $$`;
}

const SCHOOL_RECORD_COLUMNS = ['person_id', 'stage', 'status', 'academic_year'];
const changed = (a: string, b: string) =>
  `(${SCHOOL_RECORD_COLUMNS.map((c) => `${a}.${c}`).join(', ')}) IS DISTINCT FROM (${SCHOOL_RECORD_COLUMNS.map((c) => `${b}.${c}`).join(', ')})`;

/**
 * 1户1人 by the definition of shared/domain/README.md (issue 21 follow-up): a member has
 * "secondary-or-higher vocational education" when the schools ledger — the owner of 学籍 — holds
 * SECONDARY_VOCATIONAL or HIGHER_VOCATIONAL 学籍 of theirs whose latest one is ENROLLED or GRADUATED (the
 * `school_record` projection), not only when the vocational service assigned them a programme.
 * `refresh_household_skill` takes the earliest such academic year as a third term of
 * `skilled_from`, statement-level triggers on `school_record` (projection refreshes) recompute
 * the people they touch, and every household with such a record is recomputed once here.
 * (The other two terms are unchanged: an enrolment, or a training followed by employment or a
 * practical-technique certificate; a training alone does not make a member skilled.)
 */
export class SkilledSchoolRecords1765045000000 implements MigrationInterface {
  name = 'SkilledSchoolRecords1765045000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(refreshHouseholdSkillSql([ENROLMENT_TERM, TRAINING_TERM, SCHOOL_RECORD_TERM]));
    await q.query(`
      CREATE FUNCTION school_record_skill_apply() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE persons uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(person_id) INTO persons FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(person_id) INTO persons FROM old_rows;
        ELSE
          SELECT array_agg(p) INTO persons FROM (
            SELECT n.person_id AS p FROM new_rows n JOIN old_rows o USING (enrolment_id) WHERE ${changed('n', 'o')}
            UNION ALL
            SELECT o.person_id FROM old_rows o JOIN new_rows n USING (enrolment_id) WHERE ${changed('n', 'o')}) x;
        END IF;
        IF persons IS NOT NULL THEN PERFORM refresh_household_skill(persons, NULL); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER school_record_skill_insert AFTER INSERT ON school_record
                     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_record_skill_apply()`);
    await q.query(`CREATE TRIGGER school_record_skill_update AFTER UPDATE ON school_record
                     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_record_skill_apply()`);
    await q.query(`CREATE TRIGGER school_record_skill_delete AFTER DELETE ON school_record
                     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION school_record_skill_apply()`);
    await q.query(`SELECT refresh_household_skill(array_agg(DISTINCT person_id), NULL) FROM school_record
                    WHERE stage IN ('SECONDARY_VOCATIONAL', 'HIGHER_VOCATIONAL')`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER school_record_skill_${op} ON school_record`);
    await q.query(`DROP FUNCTION school_record_skill_apply`);
    await q.query(refreshHouseholdSkillSql([ENROLMENT_TERM, TRAINING_TERM]));
    await q.query(`SELECT refresh_household_skill(array_agg(DISTINCT person_id), NULL) FROM school_record
                    WHERE stage IN ('SECONDARY_VOCATIONAL', 'HIGHER_VOCATIONAL')`);
  }
}
