import { ApproveEntitlementsDocument, ComputeEntitlementsDocument, PublishSubsidyNoticeDocument, RecordPaymentDocument } from '@epg/graph-client';
import { seedPolicySets } from '@epg/subsidies';
import { encodeCursor } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

const YEAR = 2023;
const AMEND = `mutation($input: PolicySetInput!, $from: Int) { amendPolicySet(code: "A", input: $input, effectiveFromYear: $from) { version effectiveFromYear } }`;
const COMPUTE = `mutation($year: Int!) { computeEntitlements(regionCode: "360323", academicYear: $year) { created cancelled topUps } }`;
const LINE = `query($id: ID!) { entitlement(id: $id) { id status amountFen paidFen backPay topUpOf { id } topUps { id status amountFen paidFen } } }`;
type Line = { id: string; status: string; amountFen: number; paidFen: number; backPay: boolean; topUpOf: { id: string } | null; topUps: { id: string; status: string; amountFen: number; paidFen: number }[] };
const GAPS = `query($after: String) { subsidyCoverageGaps(regionCode: "360323", academicYear: ${YEAR}, first: 20, after: $after) { edges { node { ruleCode reason missingFen person { id } } } } }`;
type Gaps = { subsidyCoverageGaps: { edges: { node: { ruleCode: string; reason: string; missingFen: number | null; person: { id: string } } }[] } };

/**
 * Issue 19 item 9: an upward amendment created no top-up (差额补发) of a line already paid, and an
 * amendment had no effective year, so it rewrote past years' recomputations. A raised amount of a
 * paid line is now a top-up line linked to the original — approved, publicised and paid like any
 * line — and an amendment effective from a later year leaves earlier years at the old amounts.
 */
describe('top-ups (差额补发) and the effective year of an amendment', () => {
  let graph: TestGraph;
  let officer: string;
  let line: { id: string; personId: string; schoolId: string };
  const setA = seedPolicySets().find((s) => s.code === 'A')!;
  const amendedTo = (juniorBoardingFen: number) => ({
    ...setA,
    rules: JSON.stringify(setA.rules.map((r) => (r.code === 'A-BRD-JUN' ? { ...r, amountFen: juniorBoardingFen } : r))),
  });
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);
  const read = async (id: string) => (await graph.graphql<{ entitlement: Line }>(LINE, { id }, officer)).data!.entitlement;
  const approvePublishPay = async (id: string, amountFen: number, key: string) => {
    expect((await graph.graphql(ApproveEntitlementsDocument, { ids: [id] }, officer)).errors).toBeUndefined();
    expect((await graph.graphql(PublishSubsidyNoticeDocument, { schoolId: line.schoolId, academicYear: YEAR }, officer)).errors).toBeUndefined();
    const paid = await graph.graphql(RecordPaymentDocument, { input: { idempotencyKey: key, entitlementId: id, amountFen, paidOn: '2024-03-01', channel: '一卡通' } }, officer);
    expect(paid.errors).toBeUndefined();
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve', 'subsidy:pay', 'policy:admin'] });
    expect((await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, officer)).errors).toBeUndefined();
    [line] = await sql(
      `SELECT id, person_id AS "personId", school_id AS "schoolId" FROM entitlement
        WHERE rule_code = 'A-BRD-JUN' AND academic_year = $1 AND amount_fen = 125000 ORDER BY id LIMIT 1`,
      [YEAR],
    );
    await approvePublishPay(line.id, 125_000, 'full');
    expect(await read(line.id)).toMatchObject({ status: 'PAID', paidFen: 125_000 });
  });
  afterAll(() => graph?.stop());

  it('creates a top-up of the difference when an amendment raises a paid line, linked to it', async () => {
    const amended = await graph.graphql(AMEND, { input: amendedTo(135_000), from: YEAR }, officer);
    expect(amended.errors).toBeUndefined();
    expect(amended.data).toEqual({ amendPolicySet: { version: 2, effectiveFromYear: YEAR } });
    const recomputed = await graph.graphql<{ computeEntitlements: { topUps: number } }>(COMPUTE, { year: YEAR }, officer);
    expect(recomputed.errors).toBeUndefined();
    expect(recomputed.data!.computeEntitlements.topUps).toBeGreaterThanOrEqual(1);
    const original = await read(line.id);
    // The paid line itself is never rewritten: it keeps its amount and status.
    expect(original).toMatchObject({ status: 'PAID', amountFen: 125_000, paidFen: 125_000, topUpOf: null });
    expect(original.topUps).toEqual([{ id: expect.any(String), status: 'COMPUTED', amountFen: 10_000, paidFen: 0 }]);
    const topUp = await read(original.topUps[0]!.id);
    expect(topUp).toMatchObject({ topUpOf: { id: line.id }, backPay: true });
    // The shortfall is a payable gap (the top-up awaits approval), not a dead PAID line.
    const gaps = (await graph.graphql<Gaps>(GAPS, { after: encodeCursor([line.personId, '']) }, officer)).data!.subsidyCoverageGaps.edges.map((e) => e.node);
    expect(gaps.filter((g) => g.person.id === line.personId && g.ruleCode === 'A-BRD-JUN')).toEqual([
      { ruleCode: 'A-BRD-JUN', reason: 'UNAPPROVED', missingFen: 10_000, person: { id: line.personId } },
    ]);
  });

  it('a recomputation creates no second top-up; paying the top-up closes the gap', async () => {
    const again = await graph.graphql<{ computeEntitlements: { topUps: number; created: number; cancelled: number } }>(COMPUTE, { year: YEAR }, officer);
    expect(again.data!.computeEntitlements).toEqual({ topUps: 0, created: 0, cancelled: 0 });
    const [topUp] = (await read(line.id)).topUps;
    await approvePublishPay(topUp!.id, 10_000, 'top-up');
    expect(await read(topUp!.id)).toMatchObject({ status: 'PAID', paidFen: 10_000 });
    const gaps = (await graph.graphql<Gaps>(GAPS, { after: encodeCursor([line.personId, '']) }, officer)).data!.subsidyCoverageGaps.edges.map((e) => e.node);
    expect(gaps.filter((g) => g.person.id === line.personId && g.ruleCode === 'A-BRD-JUN')).toEqual([]);
    const overpay = await graph.graphql(RecordPaymentDocument, { input: { idempotencyKey: 'over', entitlementId: topUp!.id, amountFen: 1, paidOn: '2024-03-01' } }, officer);
    expect(overpay.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const third = await graph.graphql<{ computeEntitlements: { topUps: number } }>(COMPUTE, { year: YEAR }, officer);
    expect(third.data!.computeEntitlements.topUps).toBe(0);
  });

  it('an amendment effective from a later year leaves earlier years at the amounts before it', async () => {
    const later = await graph.graphql(AMEND, { input: amendedTo(145_000), from: YEAR + 1 }, officer);
    expect(later.errors).toBeUndefined();
    const recomputed = await graph.graphql<{ computeEntitlements: { topUps: number; created: number; cancelled: number } }>(COMPUTE, { year: YEAR }, officer);
    expect(recomputed.data!.computeEntitlements).toEqual({ topUps: 0, created: 0, cancelled: 0 });
    expect((await read(line.id)).topUps).toHaveLength(1);
    const [{ n: v3In2023 }] = await sql(`SELECT count(*)::int AS n FROM entitlement WHERE academic_year = $1 AND policy_version = 3`, [YEAR]);
    expect(v3In2023).toBe(0);
    // The student is enrolled again the next year (projected as the schools feed would).
    await sql(
      `INSERT INTO enrolment_fact
       SELECT (jsonb_populate_record(NULL::enrolment_fact, to_jsonb(f) || jsonb_build_object('enrolment_id', gen_random_uuid(), 'academic_year', $2::int))).*
         FROM enrolment_fact f WHERE f.person_id = $1 AND f.academic_year = $3`,
      [line.personId, YEAR + 1, YEAR],
    );
    expect((await graph.graphql(COMPUTE, { year: YEAR + 1 }, officer)).errors).toBeUndefined();
    const amounts: { amount_fen: number; policy_version: number }[] = await sql(
      `SELECT DISTINCT amount_fen, policy_version FROM entitlement WHERE academic_year = $1 AND rule_code = 'A-BRD-JUN' AND person_id = $2`,
      [YEAR + 1, line.personId],
    );
    expect(amounts).toEqual([{ amount_fen: 145_000, policy_version: 3 }]);
  });

  it('refuses an effective year outside the set, naming the argument, and writes nothing', async () => {
    const refused = await graph.graphql(AMEND, { input: amendedTo(150_000), from: 2019 }, officer);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('effectiveFromYear');
    expect(await sql(`SELECT max(version)::int AS v FROM policy_set WHERE code = 'A'`)).toEqual([{ v: 3 }]);
  });

  it('a top-up cancelled by hand is not created again by the next computation', async () => {
    expect((await graph.graphql(AMEND, { input: amendedTo(150_000), from: YEAR }, officer)).errors).toBeUndefined();
    const raised = await graph.graphql<{ computeEntitlements: { topUps: number } }>(COMPUTE, { year: YEAR }, officer);
    expect(raised.data!.computeEntitlements.topUps).toBeGreaterThanOrEqual(1);
    const open = (await read(line.id)).topUps.find((t) => t.status === 'COMPUTED')!;
    // 1,500 yuan due; 1,250 + 100 granted.
    expect(open.amountFen).toBe(15_000);
    const cancelled = await graph.graphql(`mutation($id: ID!) { cancelEntitlement(id: $id, reason: "不予补发") { status } }`, { id: open.id }, officer);
    expect(cancelled.errors).toBeUndefined();
    const again = await graph.graphql<{ computeEntitlements: { topUps: number } }>(COMPUTE, { year: YEAR }, officer);
    expect(again.data!.computeEntitlements.topUps).toBe(0);
    expect((await read(line.id)).topUps.filter((t) => t.status !== 'CANCELLED')).toHaveLength(1);
  });
});
