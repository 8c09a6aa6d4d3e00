import { ComputeEntitlementsDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '@epg/testing';
import type { DataSource } from 'typeorm';

const YEAR = 2023;
const COUNTY = '360323';
const TOWNSHIP = '360323101';

/**
 * Computations that could create the same lines: overlapping regions of one province run one
 * after the other; a line created at the same moment from elsewhere makes the computation a
 * CONFLICT to run again, and leaves nothing behind.
 */
describe('computeEntitlements running concurrently', () => {
  let graph: TestGraph;
  let officer: string;
  let db: DataSource;
  const sql = (query: string, params: unknown[] = []) => db.query(query, params);
  const compute = (regionCode: string) => graph.graphql(ComputeEntitlementsDocument, { regionCode, academicYear: YEAR }, officer);

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
    db = graph.services.get('subsidies')!.dataSource;
  });
  afterAll(() => graph?.stop());

  it('runs a county and one of its townships one after the other: every due line created once', async () => {
    const [county, township] = await Promise.all([compute(COUNTY), compute(TOWNSHIP)]);
    expect(county.errors).toBeUndefined();
    expect(township.errors).toBeUndefined();
    const created = county.data!.computeEntitlements.created + township.data!.computeEntitlements.created;
    const [{ due, live }] = await sql(
      `SELECT (SELECT count(*)::int FROM eligible_line WHERE academic_year = $1) AS due,
              (SELECT count(*)::int FROM entitlement WHERE academic_year = $1 AND status <> 'CANCELLED') AS live`,
      [YEAR],
    );
    expect(due).toBeGreaterThan(100);
    expect(live).toBe(due);
    expect(created).toBe(due);
  });

  it('answers CONFLICT when another province creates one of its lines at the same moment, and writes nothing', async () => {
    // A line of the township goes missing, and another transaction (another province's
    // computation, say) creates it live before this computation's commit.
    const [line]: { id: string }[] = await sql(
      `SELECT id FROM entitlement WHERE academic_year = $1 AND region_code = $2 AND source = 'ENGINE' ORDER BY id LIMIT 1`,
      [YEAR, TOWNSHIP],
    );
    await sql(`UPDATE entitlement SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = 'test' WHERE id = $1`, [line!.id]);
    const countOf = async () => (await sql(`SELECT count(*)::int AS n FROM entitlement`))[0].n as number;
    const before = await countOf();
    const elsewhere = db.createQueryRunner();
    await elsewhere.connect();
    try {
      await elsewhere.startTransaction();
      const inserted: unknown[] = await elsewhere.query(
        `INSERT INTO entitlement (person_id, region_code, academic_year, rule_code, policy_set_id, policy_version, kind, beneficiary, amount_fen, funding, status, source, facts, explanation)
         SELECT person_id, '420102001', academic_year, rule_code, policy_set_id, policy_version, kind, beneficiary, amount_fen, funding, 'COMPUTED', source, facts, explanation
           FROM entitlement WHERE id = $1 RETURNING id`,
        [line!.id],
      );
      expect(inserted).toHaveLength(1);
      const computing = compute(COUNTY);
      await waitForLockWait(db);
      await elsewhere.commitTransaction();
      const result = await computing;
      expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(result.errors?.[0]?.message).toContain('run this one again');
    } finally {
      await elsewhere.release();
    }
    expect(await countOf()).toBe(before + 1);
    const [{ audited }] = await sql(`SELECT count(*)::int AS audited FROM audit_entry WHERE operation = 'computeEntitlements'`);
    expect(audited).toBe(2);
  });
});

/** Waits until a session of the database waits for another transaction (a row or index-entry lock). */
async function waitForLockWait(db: DataSource): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const [{ waiting }] = await db.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'transactionid'`,
    );
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no session waited for the other transaction');
}
