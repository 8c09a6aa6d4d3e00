import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Foreign keys that deleting a teacher checks: without an index, each check scans its table. */
export class ForeignKeyIndexes1764420000000 implements MigrationInterface {
  name = 'ForeignKeyIndexes1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX mentor_pair_mentee_idx ON mentor_pair (mentee_id)`);
    await q.query(`CREATE INDEX housing_allocation_teacher_idx ON housing_allocation (teacher_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX housing_allocation_teacher_idx`);
    await q.query(`DROP INDEX mentor_pair_mentee_idx`);
  }
}
