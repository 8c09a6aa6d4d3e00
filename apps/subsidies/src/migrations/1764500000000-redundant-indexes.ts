import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops two indexes whose key is exactly the key of a covering index added later (1764300000000):
 * every query they served is served by the covering one, and each cost every written
 * entitlement and eligibility line one more index entry — a province's computation writes a
 * million of each (issue 9).
 */
export class RedundantIndexes1764500000000 implements MigrationInterface {
  name = 'RedundantIndexes1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // entitlement_year_region_money_idx: (academic_year, region_code text_pattern_ops) INCLUDE (status, amount_fen, paid_fen)
    await q.query(`DROP INDEX entitlement_year_region_idx`);
    // eligible_line_region_cover_idx: (academic_year, region_code text_pattern_ops) INCLUDE (person_id, rule_code, computed_at)
    await q.query(`DROP INDEX eligible_line_region_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX eligible_line_region_idx ON eligible_line (academic_year, region_code text_pattern_ops)`);
    await q.query(`CREATE INDEX entitlement_year_region_idx ON entitlement (academic_year, region_code text_pattern_ops)`);
  }
}
