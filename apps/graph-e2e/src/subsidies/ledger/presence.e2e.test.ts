import { ApproveEntitlementsDocument, ComputeEntitlementsDocument, PublishSubsidyNoticeDocument, RecordPaymentDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

const YEAR = 2023;
type Node = { entitlement: { id: string }; ruleCode: string; status: string; reason: string; enrolmentStatus: string | null; householdRemoved: boolean; person: { id: string } };
type Report = { subsidyPresenceExceptions: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: Node }[] } };
const REPORT = `query($region: String!, $first: Int!, $after: String) {
  subsidyPresenceExceptions(regionCode: $region, academicYear: ${YEAR}, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { entitlement { id } ruleCode status reason enrolmentStatus householdRemoved person { id } } }
  }
}`;

/**
 * 名在人不在: approved or paid aid to a child whose 学籍 that year is dropped out (or transferred out,
 * suspended), or whose household was removed (清退), is reported; a payment to it is refused.
 */
describe('名在人不在: aid to children who are not there', () => {
  let graph: TestGraph;
  let officer: string;
  let dropped: { id: string; personId: string; ruleCode: string; amountFen: number };
  let removed: { id: string; personId: string };
  let present: { id: string; amountFen: number };
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);
  const pay = (key: string, line: { id: string; amountFen: number }) =>
    graph.graphql(RecordPaymentDocument, { input: { idempotencyKey: key, entitlementId: line.id, amountFen: line.amountFen, paidOn: '2024-01-15' } }, officer);

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve', 'subsidy:pay'] });
    expect((await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, officer)).errors).toBeUndefined();
    const [{ school_id: schoolId }] = await sql(`SELECT school_id FROM entitlement WHERE academic_year = $1 AND amount_fen > 0 GROUP BY school_id ORDER BY count(DISTINCT person_id) DESC LIMIT 1`, [YEAR]);
    // Three students of one school, one cash line each.
    const lines: { id: string; personId: string; ruleCode: string; amountFen: number }[] = await sql(
      `SELECT DISTINCT ON (person_id) id, person_id AS "personId", rule_code AS "ruleCode", amount_fen AS "amountFen" FROM entitlement
        WHERE academic_year = $1 AND school_id = $2 AND amount_fen > 0 ORDER BY person_id, rule_code LIMIT 3`,
      [YEAR, schoolId],
    );
    [dropped, removed, present] = lines as [typeof dropped, typeof removed, typeof present];
    expect((await graph.graphql(ApproveEntitlementsDocument, { ids: lines.map((l) => l.id) }, officer)).errors).toBeUndefined();
    expect((await graph.graphql(PublishSubsidyNoticeDocument, { schoolId, academicYear: YEAR }, officer)).errors).toBeUndefined();
    // The facts as the schools and households feeds would project them: one student dropped out, one household removed.
    await sql(`UPDATE enrolment_fact SET status = 'DROPPED_OUT', changed_at = now() WHERE person_id = $1 AND academic_year = $2`, [dropped.personId, YEAR]);
    await sql(`UPDATE person_fact SET household_status = 'REMOVED', removed = true WHERE person_id = $1`, [removed.personId]);
  });
  afterAll(() => graph?.stop());

  it('reports the approved lines of a dropped-out student and of a removed household, with the reason', async () => {
    const report = await graph.graphql<Report>(REPORT, { region: '360323', first: 100 }, officer);
    expect(report.errors).toBeUndefined();
    const nodes = report.data!.subsidyPresenceExceptions.edges.map((e) => e.node);
    expect(nodes.find((n) => n.entitlement.id === dropped.id)).toMatchObject({
      ruleCode: dropped.ruleCode, status: 'PUBLICISED', enrolmentStatus: 'DROPPED_OUT', householdRemoved: false, reason: expect.stringMatching(/辍学/), person: { id: dropped.personId },
    });
    expect(nodes.find((n) => n.entitlement.id === removed.id)).toMatchObject({ householdRemoved: true, reason: expect.stringMatching(/清退/) });
    expect(nodes.some((n) => n.entitlement.id === present.id)).toBe(false);
    // Only approved-or-later lines: the students' unapproved lines are not aid handed out.
    expect(nodes.every((n) => ['APPROVED', 'PUBLICISED', 'PAID'].includes(n.status))).toBe(true);
    expect(report.data!.subsidyPresenceExceptions.totalCount).toBe(nodes.length);
    const page = await graph.graphql<Report>(REPORT, { region: '360323', first: 1 }, officer);
    expect(page.data!.subsidyPresenceExceptions.edges).toHaveLength(1);
  });

  it('refuses a payment to such a line, naming the rule and the reason, and writes nothing', async () => {
    const refused = await pay('dropped-1', dropped);
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain(dropped.ruleCode);
    expect(refused.errors?.[0]?.message).toMatch(/名在人不在.*辍学/);
    const removedLine = await sql(`SELECT amount_fen AS "amountFen" FROM entitlement WHERE id = $1`, [removed.id]);
    expect((await pay('removed-1', { id: removed.id, amountFen: removedLine[0].amountFen })).errors?.[0]?.message).toMatch(/清退/);
    expect(await sql(`SELECT count(*)::int AS n FROM payment WHERE entitlement_id = ANY($1::uuid[])`, [[dropped.id, removed.id]])).toEqual([{ n: 0 }]);
    expect(await sql(`SELECT paid_fen FROM entitlement WHERE id = $1`, [dropped.id])).toEqual([{ paid_fen: 0 }]);
    expect((await pay('present-1', present)).errors).toBeUndefined();
  });

  it('keeps the report inside the caller’s region', async () => {
    const neighbour = await graph.token({ role: 'COUNTY', regionCode: '360322' });
    expect((await graph.graphql<Report>(REPORT, { region: '360323', first: 10 }, neighbour)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await graph.graphql<Report>(REPORT, { region: '360322', first: 10 }, neighbour)).data!.subsidyPresenceExceptions.totalCount).toBe(0);
  });
});
