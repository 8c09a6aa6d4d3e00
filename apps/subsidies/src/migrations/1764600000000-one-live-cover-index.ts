import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One index for the live entitlement of a (person, rule, year): the unique one that keeps a line
 * live once now also carries what the covering one (1764300000000) was added for — status and id,
 * read by the coverage figures from the index alone. Same key, same predicate: two indexes cost
 * every written entitlement two entries (a province's first computation writes a million).
 */
export class OneLiveCoverIndex1764600000000 implements MigrationInterface {
  name = 'OneLiveCoverIndex1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNIQUE INDEX entitlement_one_live_cover_idx ON entitlement (person_id, rule_code, academic_year)
      INCLUDE (status, id) WHERE status <> 'CANCELLED'`);
    await q.query(`DROP INDEX entitlement_live_cover_idx`);
    await q.query(`DROP INDEX entitlement_one_live_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX entitlement_one_live_idx ON entitlement (person_id, rule_code, academic_year) WHERE status <> 'CANCELLED'`);
    await q.query(`
      CREATE INDEX entitlement_live_cover_idx ON entitlement (person_id, rule_code, academic_year)
      INCLUDE (status, id) WHERE status <> 'CANCELLED'`);
    await q.query(`DROP INDEX entitlement_one_live_cover_idx`);
  }
}
