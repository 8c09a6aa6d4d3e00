import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deleting or re-keying an enrolment checks the self-reference `enrolment.transferred_to_id`:
 * without an index every deleted row scanned the whole table (88 ms a row at province scale —
 * the seed's `--force` reload of 765,000 enrolments would have run for hours).
 */
export class ForeignKeyIndexes1764420000000 implements MigrationInterface {
  name = 'ForeignKeyIndexes1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX enrolment_transferred_to_idx ON enrolment (transferred_to_id) WHERE transferred_to_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enrolment_transferred_to_idx`);
  }
}
