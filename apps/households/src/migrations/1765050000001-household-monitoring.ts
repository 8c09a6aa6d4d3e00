import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring against return to poverty (防返贫监测, issue 20): a household's current class (EDGE
 * 边缘户 / MONITORED 监测户) with its coded risk flags and the date it took them, and the dated
 * history of classifications and declassifications (`category` null: declassified, 风险消除).
 * The partial index serves the per-region list of watched households by registration number.
 */
export class HouseholdMonitoring1765050000001 implements MigrationInterface {
  name = 'HouseholdMonitoring1765050000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE household ADD COLUMN monitoring_category text CHECK (monitoring_category IN ('EDGE','MONITORED'))`);
    await q.query(`ALTER TABLE household ADD COLUMN monitoring_since date`);
    await q.query(`ALTER TABLE household ADD COLUMN monitoring_risks text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE household_monitoring_change (
        id bigserial PRIMARY KEY,
        household_id uuid NOT NULL REFERENCES household (id),
        category text CHECK (category IN ('EDGE','MONITORED')),
        risk_flags text[] NOT NULL,
        on_date date NOT NULL,
        reason text NOT NULL,
        recorded_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX household_monitoring_change_household_idx ON household_monitoring_change (household_id, id)`);
    await q.query(`
      CREATE INDEX household_monitored_idx ON household (village_code text_pattern_ops, registration_number)
       WHERE monitoring_category IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX household_monitored_idx`);
    await q.query(`DROP TABLE household_monitoring_change`);
    await q.query(`ALTER TABLE household DROP COLUMN monitoring_risks`);
    await q.query(`ALTER TABLE household DROP COLUMN monitoring_since`);
    await q.query(`ALTER TABLE household DROP COLUMN monitoring_category`);
  }
}
