import { seedPolicySets } from '@epg/subsidies';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Policy sets as officers read them: every set concerning a region with its versions and years,
 * a past version read back, the typed rule fields beside the JSON, and the "as of" preview of what
 * was due for a student on a past date, with the version in force that day and the facts used.
 */
const setA = seedPolicySets().find((s) => s.code === 'A')!;
const asInput = (set: typeof setA) => ({ ...set, rules: JSON.stringify(set.rules) });
const AMEND = `mutation($code: String!, $input: PolicySetInput!) { amendPolicySet(code: $code, input: $input) { id version } }`;
const LIST = `query($r: String, $first: Int!, $after: String) { subsidyPolicySets(regionCode: $r, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { code regionCode current { version } versions { version fromYear toYear current adoptedAt supersededAt } } } } }`;
const VERSION = `query($r: String!, $c: String!, $v: Int!) { subsidyPolicySetVersion(regionCode: $r, code: $c, version: $v) {
  code version current rules { code amountFen } } }`;
const AS_OF = `query($p: ID!, $d: Date!) { entitlementsAsOf(personId: $p, date: $d) {
  personId date academicYear schoolId policySet { code version }
  facts { stage grade boarding specialEducation schoolOwnership ruralResident householdStatus householdCategory disabled nonContinuingGraduate }
  lines { ruleCode amountFen beneficiary } toStudentFen toSchoolFen } }`;

/** A condition JSON as the typed tree the graph serves (written here independently of the service). */
type Tree = { operator: string; fact: string | null; values: string[]; conditions: Tree[] };
function tree(c: Record<string, unknown>): Tree {
  if (c.any) return { operator: 'ANY', fact: null, values: [], conditions: (c.any as Record<string, unknown>[]).map(tree) };
  if (c.all) return { operator: 'ALL', fact: null, values: [], conditions: (c.all as Record<string, unknown>[]).map(tree) };
  if (c.not) return { operator: 'NOT', fact: null, values: [], conditions: [tree(c.not as Record<string, unknown>)] };
  if (c.in) return { operator: 'IN', fact: c.fact as string, values: c.in as string[], conditions: [] };
  return { operator: 'FACT', fact: c.fact as string, values: [], conditions: [] };
}
const TREE_FIELDS = (depth: number): string => `operator fact values${depth > 0 ? ` conditions { ${TREE_FIELDS(depth - 1)} }` : ''}`;

describe('policy sets: versions, past versions, typed rules, as-of previews', () => {
  let graph: TestGraph;
  let admin: string;
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    admin = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['policy:admin', 'subsidy:approve'] });
  });
  afterAll(() => graph?.stop());

  it('lists the sets concerning a region with every version and its years; reads a past version back', async () => {
    const amended = { ...setA, rules: setA.rules.map((r) => (r.code === 'A-BRD-JUN' ? { ...r, amountFen: 130000 } : r)) };
    await graph.succeed(AMEND, { code: 'A', input: asInput(amended) }, admin);

    const county = await graph.graphql<{ subsidyPolicySets: { totalCount: number; edges: { node: Record<string, unknown> }[] } }>(LIST, { first: 10 }, admin);
    expect(county.errors).toBeUndefined();
    expect(county.data?.subsidyPolicySets.totalCount).toBe(1);
    expect(county.data?.subsidyPolicySets.edges[0]?.node).toMatchObject({
      code: 'A',
      regionCode: '360323',
      current: { version: 2 },
      versions: [
        { version: 1, fromYear: 2023, toYear: null, current: false, adoptedAt: expect.any(String), supersededAt: expect.any(String) },
        { version: 2, fromYear: 2023, toYear: null, current: true, adoptedAt: expect.any(String), supersededAt: null },
      ],
    });

    // A Hubei county sees the province's set B, which governs it; the province lists it too.
    const wuhan = await graph.token({ role: 'COUNTY', regionCode: '420102', scopes: [] });
    const governing = await graph.graphql<{ subsidyPolicySets: { edges: { node: { code: string; regionCode: string } }[] } }>(LIST, { first: 10 }, wuhan);
    expect(governing.data?.subsidyPolicySets.edges.map((e) => e.node)).toEqual([expect.objectContaining({ code: 'B', regionCode: '420000' })]);
    // Paging by (region, code): a national-level view is not needed to page; one set per page here.
    const jiangxi = await graph.token({ role: 'PROVINCE', regionCode: '360000', scopes: [] });
    const page1 = await graph.graphql<{ subsidyPolicySets: { pageInfo: { hasNextPage: boolean; endCursor: string } } }>(LIST, { first: 1 }, jiangxi);
    expect(page1.data?.subsidyPolicySets.pageInfo.hasNextPage).toBe(false);
    // Outside the caller's scope: refused.
    const outside = await graph.graphql(LIST, { r: '360323', first: 10 }, wuhan);
    expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const v1 = await graph.graphql<{ subsidyPolicySetVersion: { version: number; current: boolean; rules: { code: string; amountFen: number | null }[] } }>(
      VERSION,
      { r: '360323', c: 'A', v: 1 },
      admin,
    );
    expect(v1.data?.subsidyPolicySetVersion).toMatchObject({ version: 1, current: false });
    expect(v1.data?.subsidyPolicySetVersion.rules.find((r) => r.code === 'A-BRD-JUN')?.amountFen).toBe(125000);
    const v2 = await graph.graphql<{ subsidyPolicySetVersion: { rules: { code: string; amountFen: number | null }[] } }>(VERSION, { r: '360323', c: 'A', v: 2 }, admin);
    expect(v2.data?.subsidyPolicySetVersion.rules.find((r) => r.code === 'A-BRD-JUN')?.amountFen).toBe(130000);
    // Another county neither lies in 360323 nor is governed by it.
    const neighbour = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: [] });
    expect((await graph.graphql(VERSION, { r: '360323', c: 'A', v: 1 }, neighbour)).data).toEqual({ subsidyPolicySetVersion: null });
  });

  it('serves rules as typed objects that say what the deprecated JSON says', async () => {
    // Two reads: the condition trees alone come near the cost limit of one query.
    type Rules = { subsidyPolicySet: { rules: { code: string; definition: string; when: Tree | null; amountByStage: unknown[]; amountWhen: unknown[]; amountPercentOf: unknown }[] } };
    const conditions = await graph.graphql<Rules>(`{ subsidyPolicySet(regionCode: "360323", academicYear: 2023) { rules { code definition when { ${TREE_FIELDS(4)} } } } }`, {}, admin);
    expect(conditions.errors).toBeUndefined();
    const result = await graph.graphql<Rules>(
      `{ subsidyPolicySet(regionCode: "360323", academicYear: 2023) { rules { code definition
          amountByStage { stage amountFen } amountWhen { amountFen when { ${TREE_FIELDS(1)} } } amountPercentOf { percent ruleByStage { stage ruleCode } } } } }`,
      {},
      admin,
    );
    expect(result.errors).toBeUndefined();
    for (const rule of conditions.data!.subsidyPolicySet.rules) {
      const json = JSON.parse(rule.definition);
      expect(rule.when).toEqual(json.when ? tree(json.when) : null);
    }
    const rules = result.data!.subsidyPolicySet.rules;
    expect(rules.map((r) => r.code)).toEqual(setA.rules.map((r) => r.code));
    for (const rule of rules) {
      const json = JSON.parse(rule.definition);
      expect(rule.amountByStage).toEqual(Object.entries(json.amountByStage ?? {}).map(([stage, amountFen]) => ({ stage, amountFen })));
      expect(rule.amountWhen).toEqual((json.amountWhen ?? []).map((v: { when: Record<string, unknown>; amountFen: number }) => ({ amountFen: v.amountFen, when: tree(v.when) })));
      expect(rule.amountPercentOf).toEqual(
        json.amountPercentOf
          ? { percent: json.amountPercentOf.percent, ruleByStage: Object.entries(json.amountPercentOf.ruleByStage).map(([stage, ruleCode]) => ({ stage, ruleCode })) }
          : null,
      );
    }
    expect(rules.find((r) => r.code === 'A-NBRD')?.amountPercentOf).toMatchObject({ percent: 50 });
  });

  it('previews what was due on a past date: the version in force that day, that year’s facts, the lines', async () => {
    await graph.succeed(`mutation { computeEntitlements(regionCode: "360323101", academicYear: 2023) { created } }`, {}, admin);
    const [line] = await sql(
      `SELECT e.id, e.person_id, e.school_id, e.facts FROM entitlement e WHERE e.rule_code = 'A-BRD-JUN' AND e.academic_year = 2023 AND e.status = 'COMPUTED' ORDER BY e.id LIMIT 1`,
    );
    const computed: { rule_code: string }[] = await sql(`SELECT rule_code FROM entitlement WHERE person_id = $1 AND academic_year = 2023 AND status <> 'CANCELLED' ORDER BY rule_code`, [line.person_id]);
    // Version 1 adopted before the 2023 school year, version 2 in June 2024 (history as it would be recorded).
    await sql(`UPDATE policy_set SET created_at = '2023-08-01T00:00:00Z' WHERE region_code = '360323' AND code = 'A' AND version = 1`);
    await sql(`UPDATE policy_set SET created_at = '2024-06-01T00:00:00Z' WHERE region_code = '360323' AND code = 'A' AND version = 2`);

    type AsOf = { entitlementsAsOf: { academicYear: number; schoolId: string; policySet: { version: number }; facts: Record<string, unknown>; lines: { ruleCode: string; amountFen: number | null }[]; toStudentFen: number } };
    const march = await graph.graphql<AsOf>(AS_OF, { p: line.person_id, d: '2024-03-01' }, admin);
    expect(march.errors).toBeUndefined();
    expect(march.data?.entitlementsAsOf).toMatchObject({ academicYear: 2023, schoolId: line.school_id, policySet: { version: 1 } });
    expect(march.data?.entitlementsAsOf.facts).toMatchObject({
      stage: line.facts.profile.stage,
      grade: line.facts.profile.grade,
      boarding: true,
      householdStatus: line.facts.profile.householdStatus,
      householdCategory: line.facts.profile.householdCategory,
    });
    expect(march.data?.entitlementsAsOf.lines.map((l) => l.ruleCode).sort()).toEqual(computed.map((c) => c.rule_code));
    expect(march.data?.entitlementsAsOf.lines.find((l) => l.ruleCode === 'A-BRD-JUN')?.amountFen).toBe(125000);

    const july = await graph.graphql<AsOf>(AS_OF, { p: line.person_id, d: '2024-07-01' }, admin);
    expect(july.data?.entitlementsAsOf).toMatchObject({ academicYear: 2023, policySet: { version: 2 } });
    expect(july.data?.entitlementsAsOf.lines.find((l) => l.ruleCode === 'A-BRD-JUN')?.amountFen).toBe(130000);
    expect(july.data!.entitlementsAsOf.toStudentFen - march.data!.entitlementsAsOf.toStudentFen).toBe(5000);

    // Not in the future; nothing for outsiders or another school's staff.
    const future = await graph.graphql(AS_OF, { p: line.person_id, d: '2099-01-01' }, admin);
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const neighbour = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: [] });
    expect((await graph.graphql(AS_OF, { p: line.person_id, d: '2024-03-01' }, neighbour)).data).toEqual({ entitlementsAsOf: null });
  });

  it('serves an entitlement’s facts as a typed object beside the deprecated JSON', async () => {
    const [line] = await sql(`SELECT id FROM entitlement WHERE rule_code = 'A-BRD-JUN' AND academic_year = 2023 ORDER BY id LIMIT 1`);
    const result = await graph.graphql<{ entitlement: { facts: string; factsUsed: Record<string, unknown> & { profile: Record<string, unknown> } } }>(
      `query($id: ID!) { entitlement(id: $id) { facts factsUsed { policySetCode policyVersion enrolmentId factsRefreshedAt submittedBy
          profile { stage grade boarding specialEducation schoolOwnership agricultureMajor ruralResident householdStatus householdCategory
                    householdExitedYear disabled admittedToUniversityInProvince nonContinuingGraduate } } } }`,
      { id: line.id },
      admin,
    );
    expect(result.errors).toBeUndefined();
    const json = JSON.parse(result.data!.entitlement.facts);
    expect(result.data?.entitlement.factsUsed).toEqual({
      policySetCode: json.policySet,
      policyVersion: json.policyVersion,
      enrolmentId: json.enrolmentId,
      factsRefreshedAt: json.factsRefreshedAt,
      submittedBy: null,
      profile: json.profile,
    });
  });
});
