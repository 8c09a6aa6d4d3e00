import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The enrolment change feed other services' projections page through (subsidies builds its
 * student profiles from it): every change to an enrolment, or to the type, ownership or region
 * of its school, moves the enrolment to the end of the feed, ordered by transaction.
 */
export class EnrolmentFeed1764100000000 implements MigrationInterface {
  name = 'EnrolmentFeed1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE enrolment_change_seq`);
    await q.query(`
      ALTER TABLE enrolment
        ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('enrolment_change_seq')`);
    await q.query(`CREATE INDEX enrolment_change_idx ON enrolment (change_xid, change_seq)`);
    await q.query(`
      CREATE FUNCTION enrolment_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.changed_at := now();
        NEW.change_xid := pg_current_xact_id();
        NEW.change_seq := nextval('enrolment_change_seq');
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER enrolment_touch BEFORE INSERT OR UPDATE ON enrolment FOR EACH ROW EXECUTE FUNCTION enrolment_touch()`);
    await q.query(`
      CREATE FUNCTION school_announce_enrolments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE enrolment SET region_code = NEW.region_code WHERE school_id = NEW.id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER school_announce_enrolments AFTER UPDATE ON school FOR EACH ROW
      WHEN (OLD.type IS DISTINCT FROM NEW.type OR OLD.ownership IS DISTINCT FROM NEW.ownership
            OR OLD.region_code IS DISTINCT FROM NEW.region_code)
      EXECUTE FUNCTION school_announce_enrolments()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER school_announce_enrolments ON school`);
    await q.query(`DROP FUNCTION school_announce_enrolments`);
    await q.query(`DROP TRIGGER enrolment_touch ON enrolment`);
    await q.query(`DROP FUNCTION enrolment_touch`);
    await q.query(`ALTER TABLE enrolment DROP COLUMN changed_at, DROP COLUMN change_xid, DROP COLUMN change_seq`);
    await q.query(`DROP SEQUENCE enrolment_change_seq`);
  }
}
