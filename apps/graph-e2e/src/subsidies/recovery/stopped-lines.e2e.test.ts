import { ApproveEntitlementsDocument, ComputeEntitlementsDocument, PublishSubsidyNoticeDocument, RecordPaymentDocument } from '@epg/graph-client';
import { todayIso } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

const YEAR = 2023;
const REMOVE = `mutation($id: ID!, $on: Date!) { changeHouseholdStatus(householdId: $id, status: REMOVED, on: $on, reason: "识别不准, 清退") { id status } }`;
const LINE = `query($id: ID!) { entitlement(id: $id) { id status paidFen cancelReason } }`;
type Recoveries = { subsidyRecoveries: { totalCount: number; edges: { node: { paidFen: number } & Record<string, unknown> }[] } };
const RECOVERIES = `query($region: String!, $year: Int!, $first: Int!, $after: String) {
  subsidyRecoveries(regionCode: $region, academicYear: $year, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { ruleCode academicYear paidFen stoppedOn reason entitlement { id status } person { id } school { id } } }
  }
}`;

/**
 * Issue 19 item 1: a partly paid line survives 清退. After a household is set REMOVED and the
 * region recomputed, a line no longer due stops — no further payment — and what was paid on it
 * appears on the recovery list (应退/追回).
 */
describe('stopped lines and the recovery list (应退/追回)', () => {
  let graph: TestGraph;
  let officer: string;
  let line: { id: string; amountFen: number; personId: string; schoolId: string; ruleCode: string };
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);
  const pay = (idempotencyKey: string, amountFen: number) =>
    graph.graphql(RecordPaymentDocument, { input: { idempotencyKey, entitlementId: line.id, amountFen, paidOn: '2024-01-15', channel: '一卡通' } }, officer);

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve', 'subsidy:pay'], subject: 'aid-officer' });
    expect((await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, officer)).errors).toBeUndefined();
    // A junior boarding grant (1,250 yuan) of a student whose only line it is: paid 500 yuan.
    [line] = await sql(
      `SELECT e.id, e.amount_fen AS "amountFen", e.person_id AS "personId", e.school_id AS "schoolId", e.rule_code AS "ruleCode"
         FROM entitlement e JOIN person_fact p ON p.person_id = e.person_id
        WHERE e.rule_code = 'A-BRD-JUN' AND e.academic_year = $1 AND p.household_status = 'IDENTIFIED'
        ORDER BY e.id LIMIT 1`,
      [YEAR],
    );
    const ids: { id: string }[] = await sql(`SELECT id FROM entitlement WHERE school_id = $1 AND academic_year = $2 AND status = 'COMPUTED'`, [line.schoolId, YEAR]);
    expect((await graph.graphql(ApproveEntitlementsDocument, { ids: ids.map((r) => r.id) }, officer)).errors).toBeUndefined();
    expect((await graph.graphql(PublishSubsidyNoticeDocument, { schoolId: line.schoolId, academicYear: YEAR }, officer)).errors).toBeUndefined();
    expect((await pay('first-half', 50_000)).errors).toBeUndefined();
    const [{ household_id: householdId }] = await sql(`SELECT household_id FROM person_fact WHERE person_id = $1`, [line.personId]);
    const removed = await graph.graphql(REMOVE, { id: householdId, on: todayIso() }, officer);
    expect(removed.errors).toBeUndefined();
    const recomputed = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, officer);
    expect(recomputed.errors).toBeUndefined();
  });
  afterAll(() => graph?.stop());

  it('stops a partly paid line that is no longer due, keeping what was paid', async () => {
    const read = await graph.graphql<{ entitlement: { id: string; status: string; paidFen: number; cancelReason: string | null } }>(LINE, { id: line.id }, officer);
    expect(read.data?.entitlement).toMatchObject({ id: line.id, status: 'CANCELLED', paidFen: 50_000 });
    expect(read.data?.entitlement.cancelReason).toMatch(/REMOVED/);
  });

  it('refuses any further payment of the stopped line, naming the rule, and writes nothing', async () => {
    const refused = await pay('second-half', line.amountFen - 50_000);
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain(line.ruleCode);
    expect(refused.errors?.[0]?.message).toMatch(/stopped/);
    expect(await sql(`SELECT count(*)::int AS n, sum(amount_fen)::int AS fen FROM payment WHERE entitlement_id = $1`, [line.id])).toEqual([{ n: 1, fen: 50_000 }]);
    expect(await sql(`SELECT paid_fen FROM entitlement WHERE id = $1`, [line.id])).toEqual([{ paid_fen: 50_000 }]);
  });

  it('lists the paid part on the recovery list, paged and region-scoped', async () => {
    const listed = await graph.graphql<Recoveries>(RECOVERIES, { region: '360323', year: YEAR, first: 50 }, officer);
    expect(listed.errors).toBeUndefined();
    const nodes = listed.data!.subsidyRecoveries.edges.map((e) => e.node);
    expect(nodes).toContainEqual({
      ruleCode: line.ruleCode,
      academicYear: YEAR,
      paidFen: 50_000,
      stoppedOn: todayIso(),
      reason: expect.stringMatching(/REMOVED/),
      entitlement: { id: line.id, status: 'CANCELLED' },
      person: { id: line.personId },
      school: { id: line.schoolId },
    });
    // Only stopped lines with money paid: an unpaid cancelled line has nothing to recover.
    expect(nodes.every((n) => n.paidFen > 0)).toBe(true);
    expect(listed.data!.subsidyRecoveries.totalCount).toBe(nodes.length);
    const firstPage = await graph.graphql<Recoveries>(RECOVERIES, { region: '360323', year: YEAR, first: 1 }, officer);
    expect(firstPage.data!.subsidyRecoveries.edges).toHaveLength(1);
    // Outside the caller's region: refused; another county's own list does not show the line.
    const neighbour = await graph.token({ role: 'COUNTY', regionCode: '360322' });
    const foreign = await graph.graphql<Recoveries>(RECOVERIES, { region: '360323', year: YEAR, first: 50 }, neighbour);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await graph.graphql<Recoveries>(RECOVERIES, { region: '360322', year: YEAR, first: 50 }, neighbour);
    expect(own.data?.subsidyRecoveries.totalCount).toBe(0);
  });
});
