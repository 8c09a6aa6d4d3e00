import { demoHouseholds } from '@epg/demo';
import { ComputeEntitlementsDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

const YEAR = 2023;
const REGISTERED_POOR_ONLY = ['A-PRE', 'A-KIND-MATERIALS', 'A-KIND-UNIFORM', 'A-KIND-INSURANCE'];
const ENTITLEMENTS = `query($id: ID!, $year: Int!) { person(id: $id) { id entitlements(academicYear: $year) { ruleCode status explanation } } }`;

/**
 * Issue 19 item 7: 纯低保 is not registered poor. The demo county's students of LOW_INCOME_ONLY
 * (and URBAN_DIFFICULT) households are difficult families — they keep the difficult-family lines —
 * but never get the benefits set A keeps for registered poor students (A-PRE, the in-kind 零收费).
 */
describe('registered poor means a registry category (建档立卡), not 纯低保', () => {
  let graph: TestGraph;
  let county: string;
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);
  const difficultOnly = new Set(
    demoHouseholds()
      .filter((h) => h.category === 'LOW_INCOME_ONLY' || h.category === 'URBAN_DIFFICULT')
      .flatMap((h) => h.members.map((m) => m.id)),
  );

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['pii:read'] });
    const computed = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, county);
    expect(computed.errors).toBeUndefined();
  });
  afterAll(() => graph?.stop());

  it('gives no registered-poor-only benefit to a student of a 纯低保 or urban difficult household', async () => {
    const lines: { person_id: string; rule_code: string }[] = await sql(
      `SELECT person_id, rule_code FROM entitlement WHERE academic_year = $1 AND status <> 'CANCELLED'`,
      [YEAR],
    );
    const students = new Set(lines.map((l) => l.person_id).filter((id) => difficultOnly.has(id)));
    // The demo has such students, and they keep their difficult-family lines (A-NBRD, boarding grants).
    expect(students.size).toBeGreaterThan(20);
    const wrong = lines.filter((l) => difficultOnly.has(l.person_id) && REGISTERED_POOR_ONLY.includes(l.rule_code));
    expect(wrong).toEqual([]);
    // Registered poor students still get them.
    expect(lines.filter((l) => !difficultOnly.has(l.person_id) && l.rule_code === 'A-KIND-UNIFORM').length).toBeGreaterThan(20);
  });

  it('explains a 纯低保 student\'s line as a difficult family, not as registered poor', async () => {
    const [line] = await sql(
      `SELECT e.person_id FROM entitlement e JOIN person_fact p ON p.person_id = e.person_id
        WHERE e.academic_year = $1 AND p.household_category = 'LOW_INCOME_ONLY' AND p.household_status = 'IDENTIFIED' AND e.rule_code = 'A-NBRD'
        ORDER BY e.person_id LIMIT 1`,
      [YEAR],
    );
    const read = await graph.graphql<{ person: { entitlements: { ruleCode: string; explanation: string }[] } }>(ENTITLEMENTS, { id: line.person_id, year: YEAR }, county);
    expect(read.errors).toBeUndefined();
    const own = read.data!.person.entitlements as { ruleCode: string; explanation: string }[];
    expect(own.map((e) => e.ruleCode)).toEqual(['A-NBRD']);
    expect(own[0]!.explanation).toContain('household category LOW_INCOME_ONLY');
    expect(own[0]!.explanation).not.toContain('registered poor');
  });
});
