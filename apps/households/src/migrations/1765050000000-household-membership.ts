import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The announce trigger's function as the initial migration defined it (the way back). */
const ANNOUNCE_BEFORE = `
  CREATE OR REPLACE FUNCTION household_announce_members() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE person SET live = (NEW.status <> 'REMOVED'), village_code = NEW.village_code
     WHERE household_id = NEW.id;
    RETURN NEW;
  END $$`;

/**
 * One person, one identity (issue 20 item 3): people join, leave and move between households
 * keeping their id, with a dated membership history.
 * - `person.left_on`: the day a member left the registry (deceased, moved out, married out,
 *   correction); null while they belong to their household. A member who left stays attached to
 *   their last household (their history reads from there) but is no longer live.
 * - `household_membership`: one row per stay of a person in a household (from, to, why). People
 *   registered before it (and the seed's bulk loads) have no row: their one stay is implicit —
 *   in their household since its identification — and is written out on their first change.
 * - `person_id_number_idx`: every row of an ID number, live or not, found by index.
 * - The announce trigger (a household change re-announces its members) now leaves members who
 *   left the registry not live: a later status change of their old household must not revive them.
 */
export class HouseholdMembership1765050000000 implements MigrationInterface {
  name = 'HouseholdMembership1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN left_on date`);
    await q.query(`
      CREATE TABLE household_membership (
        id bigserial PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES person (id),
        household_id uuid NOT NULL REFERENCES household (id),
        village_code text NOT NULL,
        relation_to_head text NOT NULL,
        from_on date NOT NULL,
        joined_reason text NOT NULL,
        to_on date,
        left_reason text,
        note text,
        recorded_by text NOT NULL,
        CHECK (to_on IS NULL OR to_on >= from_on),
        CHECK ((to_on IS NULL) = (left_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX household_membership_person_idx ON household_membership (person_id, from_on)`);
    await q.query(`CREATE INDEX household_membership_household_idx ON household_membership (household_id, from_on)`);
    // A person is in at most one household at a time.
    await q.query(`CREATE UNIQUE INDEX household_membership_open_idx ON household_membership (person_id) WHERE to_on IS NULL`);
    // Who holds an ID number, live or not (re-registration, addHouseholdMember, personByIdNumber):
    // the unique index covers live members only.
    await q.query(`CREATE INDEX person_id_number_idx ON person (id_number)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION household_announce_members() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE person SET live = (NEW.status <> 'REMOVED' AND left_on IS NULL), village_code = NEW.village_code
         WHERE household_id = NEW.id;
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(ANNOUNCE_BEFORE);
    await q.query(`DROP INDEX person_id_number_idx`);
    await q.query(`DROP TABLE household_membership`);
    await q.query(`ALTER TABLE person DROP COLUMN left_on`);
  }
}
