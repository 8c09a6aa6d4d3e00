import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildCoverageRollup } from '../coverage-rollup/coverage-rollup';

/**
 * The coverage roll-up behind `Region.subsidyStats` (issue 9): per academic year and region code,
 * the eligible and covered students, the entitled and paid money and when the code was last
 * computed; students whose lines span several codes listed apart. Backfilled from the ledger.
 */
export class CoverageRollup1764400000000 implements MigrationInterface {
  name = 'CoverageRollup1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE coverage_rollup (
        academic_year integer NOT NULL,
        region_code text NOT NULL,
        eligible_lines integer NOT NULL,
        eligible_students integer NOT NULL,
        covered_students integer NOT NULL,
        entitled_fen bigint NOT NULL,
        paid_fen bigint NOT NULL,
        computed_at timestamptz,
        PRIMARY KEY (academic_year, region_code)
      )`);
    await q.query(`CREATE INDEX coverage_rollup_region_idx ON coverage_rollup (academic_year, region_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE coverage_split (
        academic_year integer NOT NULL,
        person_id uuid NOT NULL,
        region_code text NOT NULL,
        covered boolean NOT NULL,
        PRIMARY KEY (academic_year, person_id, region_code)
      )`);
    await q.query(`CREATE INDEX coverage_split_region_idx ON coverage_split (academic_year, region_code text_pattern_ops)`);
    await rebuildCoverageRollup(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE coverage_split`);
    await q.query(`DROP TABLE coverage_rollup`);
  }
}
