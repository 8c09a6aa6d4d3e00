import { ComputeEntitlementsDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

const YEAR = 2023;
const SUBMIT = `mutation($input: SubmitEntitlementInput!) { submitEntitlement(input: $input) { id ruleCode kind amountFen policyVersion source } }`;
type LineRead = { entitlement: { id: string; status: string; cancelReason: string | null } };
const LINE = `query($id: ID!) { entitlement(id: $id) { id status cancelReason } }`;

/**
 * Issue 19 item 3: a department submission names a rule of the set governing the student and year,
 * at that rule's amount, and is checked again at every computation — a line that no longer fits
 * is cancelled, and the engine never defers to a department line of 1 fen.
 */
describe('department submissions follow the policy set', () => {
  let graph: TestGraph;
  let officer: string;
  let junior: { personId: string };
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);
  const submit = (ruleCode: string, amountFen: number | null, personId = junior.personId) =>
    graph.graphql<{ submitEntitlement: { id: string; ruleCode: string; kind: string; amountFen: number | null; policyVersion: number | null; source: string } }>(SUBMIT, { input: { personId, ruleCode, academicYear: YEAR, department: '共青团芦溪县委', amountFen } }, officer);
  const linesOf = (personId: string) => sql(`SELECT count(*)::int AS n FROM entitlement WHERE person_id = $1`, [personId]);
  const compute = async () => {
    const result = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, officer);
    expect(result.errors).toBeUndefined();
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve'], subject: 'aid-officer' });
    await compute();
    // A junior student of 芦溪县 without a junior boarding grant.
    [junior] = await sql(
      `SELECT f.person_id AS "personId" FROM enrolment_fact f
        WHERE f.academic_year = $1 AND f.stage = 'JUNIOR' AND f.status = 'ENROLLED' AND f.school_region_code LIKE '360323%'
          AND NOT EXISTS (SELECT 1 FROM entitlement e WHERE e.person_id = f.person_id AND e.academic_year = $1 AND e.rule_code = 'A-BRD-JUN')
        ORDER BY f.person_id LIMIT 1`,
      [YEAR],
    );
  });
  afterAll(() => graph?.stop());

  it('refuses a rule code the governing set does not have, naming ruleCode, and writes nothing', async () => {
    const before = await linesOf(junior.personId);
    const refused = await submit('YOUTH-LEAGUE-GRANT', 99_999_900);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/^input\.ruleCode: YOUTH-LEAGUE-GRANT is not a rule of policy set A/);
    expect(await linesOf(junior.personId)).toEqual(before);
  });

  it("refuses an amount other than the rule's, naming amountFen, and writes nothing", async () => {
    const before = await linesOf(junior.personId);
    for (const amountFen of [1, 99_999_900, null]) {
      const refused = await submit('A-BRD-JUN', amountFen);
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toContain('input.amountFen: A-BRD-JUN of policy set A pays 125000 fen');
    }
    // A rule of another stage is not the student's either.
    expect((await submit('A-HS-GRANT', 250_000)).errors?.[0]?.message).toMatch(/^input\.ruleCode: .*does not cover the student's stage/);
    expect(await linesOf(junior.personId)).toEqual(before);
  });

  it("accepts a rule of the set at the rule's amount, with the rule's kind and the set's version", async () => {
    const accepted = await submit('A-BRD-JUN', 125_000);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.submitEntitlement).toMatchObject({ ruleCode: 'A-BRD-JUN', kind: 'CASH', amountFen: 125_000, policyVersion: 1, source: '共青团芦溪县委' });
    // Checked again at the next computation: it still fits, so it stays.
    await compute();
    const kept = await graph.graphql<LineRead>(LINE, { id: accepted.data!.submitEntitlement.id }, officer);
    expect(kept.data?.entitlement.status).toBe('COMPUTED');
  });

  it('cancels a department line that no longer fits at recomputation, and the engine pays the rule in full', async () => {
    // A 1-fen department line recorded before submissions were checked, in place of the engine's own.
    const [engine] = await sql(
      `SELECT id, person_id, enrolment_id, school_id, region_code FROM entitlement
        WHERE academic_year = $1 AND rule_code = 'A-BRD-JUN' AND source = 'ENGINE' AND status = 'COMPUTED' ORDER BY id LIMIT 1`,
      [YEAR],
    );
    await sql(`UPDATE entitlement SET status = 'CANCELLED', cancel_reason = 'set-up' WHERE id = $1`, [engine.id]);
    const [legacy] = await sql(
      `INSERT INTO entitlement (person_id, enrolment_id, school_id, region_code, academic_year, rule_code, kind, beneficiary, amount_fen, funding, status, source, facts, explanation)
       VALUES ($1, $2, $3, $4, $5, 'A-BRD-JUN', 'CASH', 'STUDENT', 1, '[{"source":"妇联","percent":100}]', 'COMPUTED', '县妇联', '{}', 'set-up')
       RETURNING id`,
      [engine.person_id, engine.enrolment_id, engine.school_id, engine.region_code, YEAR],
    );
    await compute();
    const cancelled = await graph.graphql<LineRead>(LINE, { id: legacy.id }, officer);
    expect(cancelled.data?.entitlement.status).toBe('CANCELLED');
    expect(cancelled.data?.entitlement.cancelReason).toContain('A-BRD-JUN of policy set A pays 125000 fen, not 1');
    const live = await sql(
      `SELECT source, amount_fen FROM entitlement WHERE person_id = $1 AND academic_year = $2 AND rule_code = 'A-BRD-JUN' AND status <> 'CANCELLED'`,
      [engine.person_id, YEAR],
    );
    expect(live).toEqual([{ source: 'ENGINE', amount_fen: 125_000 }]);
  });
});
