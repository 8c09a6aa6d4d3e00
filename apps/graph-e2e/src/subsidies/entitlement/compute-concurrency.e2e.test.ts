import { ComputeEntitlementsDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';
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

  /**
   * Runs `computation` while another transaction (another province's computation, say) holds a
   * live copy of `lineId` under a code of province 42, and commits that copy once the
   * computation waits for it.
   */
  async function withLineCreatedElsewhere<T>(lineId: string, computation: () => Promise<T>): Promise<T> {
    const elsewhere = db.createQueryRunner();
    await elsewhere.connect();
    try {
      await elsewhere.startTransaction();
      const inserted: unknown[] = await elsewhere.query(
        `INSERT INTO entitlement (person_id, region_code, academic_year, rule_code, policy_set_id, policy_version, kind, beneficiary, amount_fen, funding, status, source, facts, explanation)
         SELECT person_id, '420102001', academic_year, rule_code, policy_set_id, policy_version, kind, beneficiary, amount_fen, funding, 'COMPUTED', source, facts, explanation
           FROM entitlement WHERE id = $1 RETURNING id`,
        [lineId],
      );
      expect(inserted).toHaveLength(1);
      const computing = computation();
      await waitForLockWait(db);
      await elsewhere.commitTransaction();
      return await computing;
    } finally {
      await elsewhere.release();
    }
  }

  const written = async () => {
    const [row] = await sql(
      `SELECT (SELECT count(*)::int FROM entitlement) AS lines, (SELECT count(*)::int FROM audit_entry WHERE operation = 'computeEntitlements') AS audited`,
    );
    return row as { lines: number; audited: number };
  };

  it('answers CONFLICT when another province creates a line its recomputation creates, and writes nothing', async () => {
    const [line]: { id: string }[] = await sql(
      `SELECT id FROM entitlement WHERE academic_year = $1 AND region_code = $2 AND source = 'ENGINE' ORDER BY id LIMIT 1`,
      [YEAR, TOWNSHIP],
    );
    await sql(`UPDATE entitlement SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = 'test' WHERE id = $1`, [line!.id]);
    const before = await written();
    const result = await withLineCreatedElsewhere(line!.id, () => compute(COUNTY));
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(result.errors?.[0]?.message).toContain('run this one again');
    expect(await written()).toEqual({ lines: before.lines + 1, audited: before.audited });
  });

  it('answers CONFLICT when another province creates a line while a first computation writes its lines, and writes nothing', async () => {
    const other = '360323102';
    // The township starts over: none of its lines is live, so its next computation is a first one.
    const lines: { id: string }[] = await sql(
      `SELECT id FROM entitlement WHERE academic_year = $1 AND region_code = $2 AND status <> 'CANCELLED' ORDER BY id`,
      [YEAR, other],
    );
    expect(lines.length).toBeGreaterThan(10);
    await sql(`UPDATE entitlement SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = 'test' WHERE id = ANY($1::uuid[])`, [lines.map((l) => l.id)]);
    const before = await written();
    const result = await withLineCreatedElsewhere(lines.at(-1)!.id, () => compute(other));
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await written()).toEqual({ lines: before.lines + 1, audited: before.audited });
    const [{ live }] = await sql(`SELECT count(*)::int AS live FROM entitlement WHERE academic_year = $1 AND region_code = $2 AND status <> 'CANCELLED'`, [
      YEAR,
      other,
    ]);
    expect(live).toBe(0);
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
