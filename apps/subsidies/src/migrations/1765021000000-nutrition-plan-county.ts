import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The counties covered by the nutrition improvement plan (农村义务教育学生营养改善计划), with the
 * years and the rate (fen per student per school day, school days a year) each is covered at:
 * policy as data, set by a policy office (policy:admin), one row per county.
 */
export class NutritionPlanCounty1765021000000 implements MigrationInterface {
  name = 'NutritionPlanCounty1765021000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE nutrition_plan_county (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_code text NOT NULL UNIQUE CHECK (county_code ~ '^[0-9]{6}$' AND county_code NOT LIKE '%00'),
        from_year integer NOT NULL,
        to_year integer CHECK (to_year IS NULL OR to_year >= from_year),
        daily_fen integer NOT NULL CHECK (daily_fen > 0),
        school_days integer NOT NULL CHECK (school_days > 0),
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE nutrition_plan_county`);
  }
}
