import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Person facts carry their household's dated status history (households' `householdStatusHistory`),
 * so eligibility for a year — back-pay (补发) above all — follows the status the household had in
 * that year, never its status today. Rows projected before have no history: the person feed's
 * cursors are forgotten so the next refresh reads every person again (NULL until then, read as
 * "history unknown": the current status, as before).
 */
export class HouseholdStatusHistory1764900000000 implements MigrationInterface {
  name = 'HouseholdStatusHistory1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person_fact ADD COLUMN household_status_history jsonb`);
    await q.query(`DELETE FROM projection_state WHERE feed = 'households.personChanges'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person_fact DROP COLUMN household_status_history`);
  }
}
