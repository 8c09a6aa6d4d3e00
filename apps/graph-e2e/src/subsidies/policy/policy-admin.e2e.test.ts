import { SubsidyPolicySetDocument } from '@epg/graph-client';
import { seedPolicySets } from '@epg/subsidies';
import { startTestGraph, type TestGraph } from '../../support';

const CREATE = `mutation($input: PolicySetInput!) { createPolicySet(input: $input) { id code version regionCode } }`;
const AMEND = `mutation($code: String!, $input: PolicySetInput!) { amendPolicySet(code: $code, input: $input) { id code version regionCode } }`;

/**
 * Issue 18 item 8 and item 11 (policy-set codes): administering policy sets takes its own scope
 * (policy:admin) and level; a county cannot override its province's amounts; amounts keep their
 * floors and ceiling; two sets of a region never cover the same year and stage; set codes belong
 * to a region.
 */
describe('policy set administration', () => {
  let graph: TestGraph;
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);
  const setA = seedPolicySets().find((s) => s.code === 'A')!;
  const setB = seedPolicySets().find((s) => s.code === 'B')!;
  type SetChanges = Partial<Omit<typeof setA, 'rules' | 'regionCode'>> & { regionCode?: string; rules?: typeof setA.rules };
  const asInput = (set: typeof setA, changes: SetChanges = {}) => {
    const merged = { ...set, ...changes };
    return { ...merged, rules: JSON.stringify(merged.rules) };
  };
  const sets = async (): Promise<number> => (await sql(`SELECT count(*)::int AS n FROM policy_set`))[0].n;
  const token = (role: 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP', regionCode: string, scopes: string[] = ['policy:admin']) =>
    graph.token({ role, regionCode, scopes, subject: `policy-${role}-${regionCode}-${scopes.join('+')}` });

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.stop());

  it('refuses a county clerk without policy:admin, whatever other scopes the clerk holds', async () => {
    const clerk = await token('COUNTY', '360323', ['subsidy:approve', 'pii:read', 'import:write']);
    const before = await sets();
    const created = await graph.graphql(CREATE, { input: asInput(setA, { code: 'LX-9', fromYear: 2005, toYear: 2006 }) }, clerk);
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(created.errors?.[0]?.message).toContain('policy:admin');
    const rich = setA.rules.map((r) => (r.code === 'A-PRE' ? { ...r, amountFen: 150_000 + 100 } : r));
    const amended = await graph.graphql(AMEND, { code: 'A', input: asInput(setA, { rules: rich }) }, clerk);
    expect(amended.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await sets()).toBe(before);
  });

  it('leaves policy to province, city and county offices: a township office is refused', async () => {
    // (INTEGRATION tokens run the contract's documents only; the role matrix and the unit tests cover them.)
    const township = await token('TOWNSHIP', '360323101');
    const created = await graph.graphql(CREATE, { input: asInput(setA, { code: 'LX-TWN', fromYear: 2005, toYear: 2006 }) }, township);
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(created.errors?.[0]?.message).toMatch(/province, city and county offices/);
  });

  it("refuses a county set that would override its province's set, which the province's office may adopt", async () => {
    const hubeiCounty = await token('COUNTY', '420102');
    const before = await sets();
    // The ¥99,999 set: a county of Hubei overriding set B (420000, 2016–2019) for its students.
    const rich = setB.rules.map((r) => (r.code === 'B-PRE' ? { ...r, amountFen: 100_000 } : r));
    const override = await graph.graphql(CREATE, { input: asInput(setB, { code: 'WH-1', name: '江岸区', regionCode: '420102', fromYear: 2018, toYear: 2020, rules: rich }) }, hubeiCounty);
    expect(override.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(override.errors?.[0]?.message).toMatch(/420000.*override its amounts/);
    expect(await sets()).toBe(before);
    // The same county may hold its own set for years the province's set does not cover…
    const own = await graph.graphql(CREATE, { input: asInput(setB, { code: 'WH-1', name: '江岸区', regionCode: '420102', fromYear: 2020, toYear: 2022 }) }, hubeiCounty);
    expect(own.errors).toBeUndefined();
    // …and may not stretch it back into them by amendment.
    const stretched = await graph.graphql(AMEND, { code: 'WH-1', input: asInput(setB, { code: 'WH-1', name: '江岸区', regionCode: '420102', fromYear: 2019, toYear: 2022 }) }, hubeiCounty);
    expect(stretched.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The province's office adopts a county set inside its province's years.
    const province = await token('PROVINCE', '420000');
    const delegated = await graph.graphql(CREATE, { input: asInput(setB, { code: 'WH-2', name: '汉阳区', regionCode: '420105', fromYear: 2018, toYear: 2019 }) }, province);
    expect(delegated.errors).toBeUndefined();
    const governing = await graph.graphql(SubsidyPolicySetDocument, { regionCode: '420105', academicYear: 2018 }, province);
    expect(governing.data?.subsidyPolicySet?.regionCode).toBe('420105');
  });

  it('keeps amounts between their floors and the ceiling, naming the field and the rule', async () => {
    const county = await token('COUNTY', '360323');
    const before = await sets();
    const index = setA.rules.findIndex((r) => r.code === 'A-PRE');
    const greedy = setA.rules.map((r) => (r.code === 'A-PRE' ? { ...r, amountFen: 9_999_900 } : r));
    const ceiling = await graph.graphql(CREATE, { input: asInput(setA, { code: 'LX-GREEDY', fromYear: 2005, toYear: 2006, rules: greedy }) }, county);
    expect(ceiling.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: `input.rules.${index}.amountFen`, message: expect.stringMatching(/ceiling/) }] });
    const boarding = setA.rules.findIndex((r) => r.code === 'A-BRD-PRI');
    const stingy = setA.rules.map((r) => (r.code === 'A-BRD-PRI' ? { ...r, amountFen: 50_000 } : r));
    const floor = await graph.graphql(AMEND, { code: 'A', input: asInput(setA, { rules: stingy }) }, county);
    expect(floor.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: `input.rules.${boarding}.amountFen`, message: expect.stringMatching(/boarding living subsidy in PRIMARY is at least 100000 fen/) }],
    });
    expect(await sets()).toBe(before);
    expect(await sql(`SELECT version FROM policy_set WHERE code = 'A' AND region_code = '360323' AND superseded_at IS NULL`)).toEqual([{ version: 1 }]);
  });

  it('refuses a second set of a region over the same years and stages, naming the first', async () => {
    const county = await token('COUNTY', '360323');
    const overlap = await graph.graphql(CREATE, { input: asInput(setA, { code: 'LX-2', fromYear: 2030, toYear: 2031 }) }, county);
    expect(overlap.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(overlap.errors?.[0]?.message).toContain('policy set A of 360323');
    // Other years, or other stages, do not overlap.
    const before = await graph.graphql(CREATE, { input: asInput(setA, { code: 'LX-2', fromYear: 2010, toYear: 2012 }) }, county);
    expect(before.errors).toBeUndefined();
    const university = setA.rules.filter((r) => r.stages.includes('HIGHER_VOCATIONAL') || r.code === 'A-VOC-FEE').map((r) => ({ ...r, stages: ['HIGHER_VOCATIONAL' as const] }));
    const otherStage = await graph.graphql(CREATE, { input: asInput(setA, { code: 'LX-HV', fromYear: 2030, toYear: null, rules: university }) }, county);
    expect(otherStage.errors).toBeUndefined();
  });

  it("scopes set codes to the region: another county's set of the same code is its own, and never reached", async () => {
    const hubeiCounty = await token('COUNTY', '420103');
    const own = await graph.graphql(CREATE, { input: asInput(setA, { name: '江汉区', regionCode: '420103', fromYear: 2040, toYear: null }) }, hubeiCounty);
    expect(own.errors).toBeUndefined();
    expect(own.data?.createPolicySet).toMatchObject({ code: 'A', version: 1, regionCode: '420103' });
    const amended = await graph.graphql(AMEND, { code: 'A', input: asInput(setA, { name: '江汉区(修订)', regionCode: '420103', fromYear: 2040, toYear: null }) }, hubeiCounty);
    expect(amended.data?.amendPolicySet).toMatchObject({ code: 'A', version: 2, regionCode: '420103' });
    // Jiangxi's set A is untouched, and the Hubei county cannot reach it.
    const foreign = await graph.graphql(AMEND, { code: 'A', input: asInput(setA) }, hubeiCounty);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(foreign)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const versions = await sql(`SELECT region_code, version, superseded_at IS NULL AS current FROM policy_set WHERE code = 'A' ORDER BY region_code, version`);
    expect(versions).toEqual([
      { region_code: '360323', version: 1, current: true },
      { region_code: '420103', version: 1, current: false },
      { region_code: '420103', version: 2, current: true },
    ]);
    // An amendment of a code the region does not hold is NOT_FOUND, whatever other regions hold.
    const missing = await graph.graphql(AMEND, { code: 'B', input: asInput(setB, { regionCode: '420103', fromYear: 2050, toYear: null }) }, hubeiCounty);
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
