import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 两后生 change feed (subsidies' C-VOC-TWO reads it): every row of `non_continuing_graduate`,
 * whatever wrote it (a hand-typed flag, a detection), reaches the feed through triggers on that
 * table, so no writer has to know about the feed. The feed's own table keeps one row per person
 * and year with its feed position (as the enrolment feed does): a row inserted or changed is
 * current; a row deleted, or moved to another year, is carried as removed.
 */
export class NonContinuingFeed1765030000000 implements MigrationInterface {
  name = 'NonContinuingFeed1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE non_continuing_graduate_change_seq`);
    await q.query(`
      CREATE TABLE non_continuing_graduate_change (
        person_id uuid NOT NULL,
        year integer NOT NULL,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
        removed boolean NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        change_seq bigint NOT NULL DEFAULT nextval('non_continuing_graduate_change_seq'),
        PRIMARY KEY (person_id, year)
      )`);
    await q.query(`CREATE INDEX non_continuing_graduate_change_idx ON non_continuing_graduate_change (change_xid, change_seq)`);
    await q.query(`CREATE INDEX non_continuing_graduate_change_region_idx ON non_continuing_graduate_change (region_code text_pattern_ops)`);
    await q.query(`
      CREATE FUNCTION non_continuing_graduate_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND (TG_OP = 'DELETE' OR OLD.person_id <> NEW.person_id OR OLD.year <> NEW.year) THEN
          INSERT INTO non_continuing_graduate_change AS c (person_id, year, region_code, removed)
          VALUES (OLD.person_id, OLD.year, OLD.region_code, true)
          ON CONFLICT (person_id, year) DO UPDATE
            SET region_code = EXCLUDED.region_code, removed = true, changed_at = now(),
                change_xid = pg_current_xact_id(), change_seq = nextval('non_continuing_graduate_change_seq');
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO non_continuing_graduate_change AS c (person_id, year, region_code, removed)
          VALUES (NEW.person_id, NEW.year, NEW.region_code, false)
          ON CONFLICT (person_id, year) DO UPDATE
            SET region_code = EXCLUDED.region_code, removed = false, changed_at = now(),
                change_xid = pg_current_xact_id(), change_seq = nextval('non_continuing_graduate_change_seq');
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER non_continuing_graduate_announce AFTER INSERT OR UPDATE OR DELETE ON non_continuing_graduate
      FOR EACH ROW EXECUTE FUNCTION non_continuing_graduate_announce()`);
    // The rows recorded before the feed existed.
    await q.query(`
      INSERT INTO non_continuing_graduate_change (person_id, year, region_code, removed)
      SELECT person_id, year, region_code, false FROM non_continuing_graduate ORDER BY person_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER non_continuing_graduate_announce ON non_continuing_graduate`);
    await q.query(`DROP FUNCTION non_continuing_graduate_announce`);
    await q.query(`DROP TABLE non_continuing_graduate_change`);
    await q.query(`DROP SEQUENCE non_continuing_graduate_change_seq`);
  }
}
