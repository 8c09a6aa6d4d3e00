import { ComputeEntitlementsDocument } from '@epg/graph-client';
import { encodeCursor } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

const YEAR = 2023;
type Gaps = {
  subsidyCoverageGaps: {
    totalCount: number;
    edges: { node: { ruleCode: string; reason: string; entitledFen: number | null; paidFen: number; missingFen: number | null; person: { id: string } } }[];
  };
};
const GAPS = `query($after: String) { subsidyCoverageGaps(regionCode: "360323", academicYear: ${YEAR}, first: 1, after: $after) {
  totalCount edges { node { ruleCode reason entitledFen paidFen missingFen person { id } } } } }`;

/**
 * Issue 19 item 9: coverage gaps counted any PAID line as covered, even a line of 1 fen for a rule
 * that pays 1,250 yuan. A line is covered only when what was paid reaches the eligible amount.
 */
describe('coverage gaps measure what was paid against what is due', () => {
  let graph: TestGraph;
  let officer: string;
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve'] });
    expect((await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, officer)).errors).toBeUndefined();
  });
  afterAll(() => graph?.stop());

  it('lists a fully paid 1-fen line of a 1,250-yuan rule as underpaid, missing the rest', async () => {
    // A legacy department line of 1 fen, paid, in place of the engine's own (set up directly).
    const [engine] = await sql(
      `SELECT id, person_id, enrolment_id, school_id, region_code FROM entitlement
        WHERE academic_year = $1 AND rule_code = 'A-BRD-JUN' AND source = 'ENGINE' ORDER BY id LIMIT 1`,
      [YEAR],
    );
    await sql(`UPDATE entitlement SET status = 'CANCELLED', cancel_reason = 'set-up' WHERE id = $1`, [engine.id]);
    await sql(
      `INSERT INTO entitlement (person_id, enrolment_id, school_id, region_code, academic_year, rule_code, kind, beneficiary, amount_fen, paid_fen, funding, status, source, facts, explanation)
       VALUES ($1, $2, $3, $4, $5, 'A-BRD-JUN', 'CASH', 'STUDENT', 1, 1, '[{"source":"妇联","percent":100}]', 'PAID', '县妇联', '{}', 'set-up')`,
      [engine.person_id, engine.enrolment_id, engine.school_id, engine.region_code, YEAR],
    );
    // The gap list is ordered by student and rule: start just before this student's lines.
    const read = await graph.graphql<Gaps>(GAPS.replace('first: 1', 'first: 20'), { after: encodeCursor([engine.person_id, '']) }, officer);
    expect(read.errors).toBeUndefined();
    const gap = read.data!.subsidyCoverageGaps.edges.map((e) => e.node).find((n) => n.person.id === engine.person_id && n.ruleCode === 'A-BRD-JUN');
    expect(gap).toEqual({ ruleCode: 'A-BRD-JUN', reason: 'UNDERPAID', entitledFen: 125_000, paidFen: 1, missingFen: 124_999, person: { id: engine.person_id } });
  });
});
