import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Covering indexes for a region's coverage figures (RegionDashboard.subsidyStats): the live
 * entitlement of each eligible line, the money of a region's entitlements and its eligible lines
 * are read from the indexes alone (index-only scans), not from entitlement rows that carry their
 * facts and explanation. At province scale (1 million lines) a county's figures went from
 * 0.45 s to a few tens of ms (issue 9).
 */
export class CoverageIndexes1764300000000 implements MigrationInterface {
  name = 'CoverageIndexes1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX entitlement_live_cover_idx ON entitlement (person_id, rule_code, academic_year)
      INCLUDE (status, id) WHERE status <> 'CANCELLED'`);
    await q.query(`
      CREATE INDEX entitlement_year_region_money_idx ON entitlement (academic_year, region_code text_pattern_ops)
      INCLUDE (status, amount_fen, paid_fen)`);
    await q.query(`
      CREATE INDEX eligible_line_region_cover_idx ON eligible_line (academic_year, region_code text_pattern_ops)
      INCLUDE (person_id, rule_code, computed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX eligible_line_region_cover_idx`);
    await q.query(`DROP INDEX entitlement_year_region_money_idx`);
    await q.query(`DROP INDEX entitlement_live_cover_idx`);
  }
}
