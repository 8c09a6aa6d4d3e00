import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Top-ups (差额补发): when a recomputation raises the amount of a line already paid, the
 * difference is a line of its own, linked to the original (`top_up_of`), approved, publicised
 * and paid like any line — the paid original is never rewritten. The one-live-line index keeps
 * one original per student, rule and year (top-ups stand beside it); one open top-up at a time.
 */
export class TopUps1765010000001 implements MigrationInterface {
  name = 'TopUps1765010000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entitlement ADD COLUMN top_up_of uuid REFERENCES entitlement(id)`);
    // A boolean beside the link, for the index predicate and the joins that want a line's own
    // entitlement: a fresh ledger has no statistics yet, and the planner's default guess for
    // \`IS NULL\` (0.5 %) turns those joins into nested loops over every row; a boolean's is 50 %.
    await q.query(`ALTER TABLE entitlement ADD COLUMN is_top_up boolean GENERATED ALWAYS AS (top_up_of IS NOT NULL) STORED`);
    await q.query(`DROP INDEX entitlement_one_live_cover_idx`);
    await q.query(`
      CREATE UNIQUE INDEX entitlement_one_live_cover_idx ON entitlement (person_id, rule_code, academic_year)
      INCLUDE (status, id) WHERE status <> 'CANCELLED' AND NOT is_top_up`);
    await q.query(`CREATE INDEX entitlement_top_up_idx ON entitlement (top_up_of) WHERE top_up_of IS NOT NULL`);
    await q.query(`
      CREATE UNIQUE INDEX entitlement_one_open_top_up_idx ON entitlement (top_up_of)
      WHERE top_up_of IS NOT NULL AND status IN ('COMPUTED', 'APPROVED', 'PUBLICISED')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX entitlement_one_open_top_up_idx`);
    await q.query(`DROP INDEX entitlement_top_up_idx`);
    await q.query(`DELETE FROM entitlement WHERE top_up_of IS NOT NULL`);
    await q.query(`DROP INDEX entitlement_one_live_cover_idx`);
    await q.query(`
      CREATE UNIQUE INDEX entitlement_one_live_cover_idx ON entitlement (person_id, rule_code, academic_year)
      INCLUDE (status, id) WHERE status <> 'CANCELLED'`);
    await q.query(`ALTER TABLE entitlement DROP COLUMN is_top_up`);
    await q.query(`ALTER TABLE entitlement DROP COLUMN top_up_of`);
  }
}
