import { ComputeEntitlementsDocument, SubsidyPolicySetDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';
import { seedPolicySets } from '@epg/subsidies';

const AMEND = `mutation($code: String!, $input: PolicySetInput!) { amendPolicySet(code: $code, input: $input) { id code version } }`;
const CREATE = `mutation($input: PolicySetInput!) { createPolicySet(input: $input) { id code version regionCode } }`;

/** Policy sets are data a department creates and amends; an amendment never rewrites approved entitlements. */
describe('policy sets by mutation', () => {
  let graph: TestGraph;
  let county: string;
  const setA = seedPolicySets().find((s) => s.code === 'A')!;
  const asInput = (set: typeof setA) => ({ ...set, rules: JSON.stringify(set.rules) });
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve', 'policy:admin'] });
  });
  afterAll(() => graph?.stop());

  it('refuses invalid rules with their paths, a duplicate code, and a region outside the caller scope', async () => {
    const broken = { ...setA, code: 'A2', rules: JSON.stringify([{ ...setA.rules[0], stages: [], funding: [{ source: 'P', percent: 60 }] }]) };
    const invalid = await graph.graphql(CREATE, { input: broken }, county);
    expect(invalid.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((invalid.errors?.[0]?.extensions?.issues as { path: string }[]).map((i) => i.path)).toEqual(
      expect.arrayContaining(['input.rules.0.stages', 'input.rules.0.funding']),
    );
    const notJson = await graph.graphql(CREATE, { input: { ...asInput(setA), code: 'A3', rules: '[{' } }, county);
    expect(notJson.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const duplicate = await graph.graphql(CREATE, { input: asInput(setA) }, county);
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const hubei = await graph.graphql(CREATE, { input: { ...asInput(setA), code: 'HB1', regionCode: '420102' } }, county);
    expect(hubei.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('creates a set that then governs its region, where no more specific set does', async () => {
    const city = await graph.token({ role: 'CITY', regionCode: '360300', scopes: ['policy:admin'] });
    const township = await graph.graphql(CREATE, { input: { ...asInput(setA), code: 'LX-TOWN', regionCode: '360323100' } }, city);
    expect(township.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.regionCode', message: expect.any(String) }] });
    const created = await graph.graphql(CREATE, { input: { ...asInput(setA), code: 'PX', name: '萍乡市学生资助', regionCode: '360300', fromYear: 2030, toYear: 2031 } }, city);
    expect(created.errors).toBeUndefined();
    const otherCounty = await graph.graphql(SubsidyPolicySetDocument, { regionCode: '360302', academicYear: 2030 }, city);
    expect(otherCounty.data?.subsidyPolicySet?.regionCode).toBe('360300');
    const luxi = await graph.graphql(SubsidyPolicySetDocument, { regionCode: '360323', academicYear: 2030 }, city);
    expect(luxi.data?.subsidyPolicySet?.regionCode).toBe('360323');
  });

  it('amends a set: approved entitlements keep the version they came from, unapproved ones follow the amendment', async () => {
    const first = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: 2023 }, county);
    expect(first.errors).toBeUndefined();
    const boarding: { id: string }[] = await sql(`SELECT id FROM entitlement WHERE rule_code = 'A-BRD-PRI' ORDER BY id`);
    expect(boarding.length).toBeGreaterThan(2);
    const approvedId = boarding[0]!.id;
    const approve = await graph.graphql(`mutation($ids: [ID!]!) { approveEntitlements(ids: $ids) { status } }`, { ids: [approvedId] }, county);
    expect(approve.errors).toBeUndefined();

    const amended = {
      ...setA,
      rules: setA.rules.map((r) => (r.code === 'A-BRD-PRI' ? { ...r, amountFen: 110000 } : r)),
    };
    // The primary non-boarding grant is 50% of A-BRD-PRI: the amendment moves it too (500 → 550).
    const [{ n: nonBoardingPrimary }] = await sql(`SELECT count(*)::int AS n FROM entitlement WHERE rule_code = 'A-NBRD' AND amount_fen = 50000`);
    expect(nonBoardingPrimary).toBeGreaterThan(0);
    const result = await graph.graphql(AMEND, { code: 'A', input: asInput(amended) }, county);
    expect(result.errors).toBeUndefined();
    expect(result.data?.amendPolicySet).toMatchObject({ code: 'A', version: 2 });

    const recompute = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: 2023 }, county);
    const changed = boarding.length - 1 + nonBoardingPrimary;
    expect(recompute.data?.computeEntitlements).toMatchObject({ cancelled: changed, created: changed });
    const [{ n: nonBoardingNow }] = await sql(`SELECT count(*)::int AS n FROM entitlement WHERE rule_code = 'A-NBRD' AND amount_fen = 55000 AND policy_version = 2`);
    expect(nonBoardingNow).toBe(nonBoardingPrimary);
    const live: { id: string; amount_fen: number; policy_version: number; status: string }[] = await sql(
      `SELECT id, amount_fen, policy_version, status FROM entitlement WHERE rule_code = 'A-BRD-PRI' AND status <> 'CANCELLED' ORDER BY id`,
    );
    expect(live.find((e) => e.id === approvedId)).toMatchObject({ amount_fen: 100000, policy_version: 1, status: 'APPROVED' });
    const others = live.filter((e) => e.id !== approvedId);
    expect(others).toHaveLength(boarding.length - 1);
    expect(others.every((e) => e.amount_fen === 110000 && e.policy_version === 2)).toBe(true);
    // A recomputation's lines (its second pass) record their facts as the first computation's do.
    const [firstLine, recomputedLine]: { facts: Record<string, unknown> }[] = await sql(
      `SELECT facts FROM entitlement WHERE id = $1 UNION ALL SELECT facts FROM entitlement WHERE id = $2`,
      [approvedId, others[0]!.id],
    );
    expect(recomputedLine!.facts).toEqual({ ...firstLine!.facts, policyVersion: 2, factsRefreshedAt: expect.any(String), enrolmentId: expect.any(String), profile: expect.any(Object) });
    expect(Object.keys(recomputedLine!.facts['profile'] as object).sort()).toEqual(Object.keys(firstLine!.facts['profile'] as object).sort());
    const versions = await sql(`SELECT version, superseded_at IS NOT NULL AS superseded FROM policy_set WHERE code = 'A' ORDER BY version`);
    expect(versions).toEqual([
      { version: 1, superseded: true },
      { version: 2, superseded: false },
    ]);
  });
});
