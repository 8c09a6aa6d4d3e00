import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One dropout case per child and academic year (一生一案, issue 20): a scan works only its
 * year's cases. Until now one OPEN case per child was unique, across years, so a scan of
 * another year could not tell its cases apart. Where a child has several cases of one year (a
 * case closed, then a second opened by a later scan), they are merged into the open one (else
 * the latest): the others' actions move to it, so no dated action is lost.
 */
export class DropoutCasePerYear1764910000000 implements MigrationInterface {
  name = 'DropoutCasePerYear1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TEMP TABLE dropout_case_merge AS
      SELECT id, first_value(id) OVER (PARTITION BY person_id, academic_year ORDER BY (status <> 'CLOSED') DESC, opened_on DESC, id) AS keep
        FROM dropout_case`);
    await q.query(`UPDATE dropout_action a SET case_id = m.keep FROM dropout_case_merge m WHERE a.case_id = m.id AND m.id <> m.keep`);
    await q.query(`DELETE FROM dropout_case d USING dropout_case_merge m WHERE d.id = m.id AND m.id <> m.keep`);
    await q.query(`DROP TABLE dropout_case_merge`);
    await q.query(`DROP INDEX dropout_case_one_open_per_person`);
    await q.query(`CREATE UNIQUE INDEX dropout_case_one_per_person_year ON dropout_case (person_id, academic_year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dropout_case_one_per_person_year`);
    await q.query(`CREATE UNIQUE INDEX dropout_case_one_open_per_person ON dropout_case (person_id) WHERE status <> 'CLOSED'`);
  }
}
