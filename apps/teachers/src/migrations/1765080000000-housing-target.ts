import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Teacher housing as the seeds count it (issue 21): seed 000 plans 372 rental units
 * (教师公租房 372 套) by a date, so a region carries a target (units, due date) set by API;
 * a unit carries the day it was built (null for units recorded before this), so the summary
 * counts what stood on a day and no letting starts before its unit existed. (Allocations per
 * teacher, one unit per teacher at a time, use housing_allocation_teacher_idx of 1764420000000.)
 */
export class HousingTarget1765080000000 implements MigrationInterface {
  name = 'HousingTarget1765080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE housing_target (
        region_code text COLLATE "C" PRIMARY KEY CHECK (region_code ~ '^[0-9]{6}([0-9]{3}){0,2}$'),
        units integer NOT NULL CHECK (units BETWEEN 0 AND 1000000),
        due_on date NOT NULL
      )`);
    await q.query(`ALTER TABLE housing_unit ADD COLUMN built_on date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE housing_unit DROP COLUMN built_on`);
    await q.query(`DROP TABLE housing_target`);
  }
}
