import { DEMO_SCHOOLS, demoEnrolments, demoHouseholds } from '@epg/demo';
import { householdStatusInAcademicYear } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * 营养改善计划: 4 yuan × 200 school days for rural compulsory-education students of covered counties,
 * as a school-level figure; the covered counties are data a policy office sets (audited).
 */
const YEAR = 2023;
const SCHOOL = DEMO_SCHOOLS.find((s) => s.name === '宣风镇中心小学')!;
const SET = `mutation($input: NutritionPlanCountyInput!) { setNutritionPlanCounty(input: $input) { id countyCode fromYear toYear dailyFen schoolDays yearlyFen } }`;
const BENEFIT = `query($s: ID!, $y: Int!) { nutritionPlanBenefit(schoolId: $s, academicYear: $y) {
  schoolId academicYear countyCode covered coverage { countyCode } studentsCounted compulsoryStudents perStudentFen amountFen } }`;
const LIST = `query($r: String!) { nutritionPlanCounties(regionCode: $r, first: 10) { totalCount edges { node { countyCode fromYear yearlyFen } } } }`;

/** The school's rural compulsory students in the year, worked out from the demo generators. */
function expectedCounted(): { counted: number; compulsory: number } {
  const households = new Map(demoHouseholds().flatMap((h) => h.members.map((m) => [m.id, h] as const)));
  const people = new Set<string>();
  const rural = new Set<string>();
  for (const e of demoEnrolments(YEAR)) {
    if (e.schoolId !== SCHOOL.id || !['PRIMARY', 'JUNIOR'].includes(e.stage)) continue;
    people.add(e.personId);
    const household = households.get(e.personId);
    if (!household || household.category === 'URBAN_DIFFICULT') continue;
    if (householdStatusInAcademicYear(household.statusHistory, YEAR).status !== null) rural.add(e.personId);
  }
  return { counted: rural.size, compulsory: people.size };
}

describe('nutrition improvement plan (营养改善计划)', () => {
  let graph: TestGraph;
  let admin: string;
  let reader: string;
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    admin = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['policy:admin'], subject: 'nutrition-officer' });
    reader = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: [] });
    // Project the schools' and households' facts into subsidies.
    await graph.succeed(`mutation { computeEntitlements(regionCode: "360323101", academicYear: ${YEAR}) { created } }`, {}, admin);
  });
  afterAll(() => graph?.stop());

  it('gives a school nothing while its county is not covered, but counts its students', async () => {
    const { counted, compulsory } = expectedCounted();
    expect(counted).toBeGreaterThan(0);
    const result = await graph.graphql(BENEFIT, { s: SCHOOL.id, y: YEAR }, reader);
    expect(result.errors).toBeUndefined();
    expect(result.data?.nutritionPlanBenefit).toEqual({
      schoolId: SCHOOL.id,
      academicYear: YEAR,
      countyCode: '360323',
      covered: false,
      coverage: null,
      studentsCounted: counted,
      compulsoryStudents: compulsory,
      perStudentFen: 0,
      amountFen: 0,
    });
  });

  it('refuses to cover a county without policy:admin, from a township, outside the scope, or with bad input; writes nothing', async () => {
    const noScope = await graph.graphql(SET, { input: { countyCode: '360323', fromYear: 2015 } }, reader);
    expect(noScope.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const township = await graph.token({ role: 'TOWNSHIP', regionCode: '360323101', scopes: ['policy:admin'] });
    expect((await graph.graphql(SET, { input: { countyCode: '360323', fromYear: 2015 } }, township)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const neighbour = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: ['policy:admin'] });
    expect((await graph.graphql(SET, { input: { countyCode: '360323', fromYear: 2015 } }, neighbour)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const city = await graph.graphql(SET, { input: { countyCode: '360300', fromYear: 2015 } }, admin);
    expect(city.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.countyCode' }] });
    const rate = await graph.graphql(SET, { input: { countyCode: '360323', fromYear: 2015, dailyFen: 0 } }, admin);
    expect(rate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.dailyFen' }] });
    expect(await sql(`SELECT * FROM nutrition_plan_county`)).toEqual([]);
  });

  it('covers the county at 4 yuan × 200 days by default (audited) and gives the school 80,000 fen per rural compulsory student', async () => {
    const set = await graph.graphql(SET, { input: { countyCode: '360323', fromYear: 2015 } }, admin);
    expect(set.errors).toBeUndefined();
    expect(set.data?.setNutritionPlanCounty).toMatchObject({ countyCode: '360323', fromYear: 2015, toYear: null, dailyFen: 400, schoolDays: 200, yearlyFen: 80000 });
    const { counted } = expectedCounted();
    const benefit = await graph.graphql(BENEFIT, { s: SCHOOL.id, y: YEAR }, reader);
    expect(benefit.data?.nutritionPlanBenefit).toMatchObject({ covered: true, coverage: { countyCode: '360323' }, studentsCounted: counted, perStudentFen: 80000, amountFen: counted * 80000 });

    // A change of years is audited with what was there before; a year outside the coverage gets nothing.
    await graph.succeed(SET, { input: { countyCode: '360323', fromYear: 2015, toYear: 2022 } }, admin);
    const ended = await graph.graphql(BENEFIT, { s: SCHOOL.id, y: YEAR }, reader);
    expect(ended.data?.nutritionPlanBenefit).toMatchObject({ covered: false, amountFen: 0 });
    const audit = await sql(`SELECT operation, data_region, before, after FROM audit_entry WHERE entity_type = 'NutritionPlanCounty' ORDER BY id`);
    expect(audit).toEqual([
      { operation: 'setNutritionPlanCounty', data_region: '360323', before: null, after: { countyCode: '360323', fromYear: 2015, toYear: null, dailyFen: 400, schoolDays: 200 } },
      {
        operation: 'setNutritionPlanCounty',
        data_region: '360323',
        before: { fromYear: 2015, toYear: null, dailyFen: 400, schoolDays: 200 },
        after: { countyCode: '360323', fromYear: 2015, toYear: 2022, dailyFen: 400, schoolDays: 200 },
      },
    ]);
  });

  it('lists covered counties inside the caller’s region only; other schools’ staff and outsiders get nothing', async () => {
    const list = await graph.graphql(LIST, { r: '360300' }, await graph.token({ role: 'CITY', regionCode: '360300', scopes: [] }));
    expect(list.data).toEqual({ nutritionPlanCounties: { totalCount: 1, edges: [{ node: { countyCode: '360323', fromYear: 2015, yearlyFen: 80000 } }] } });
    const outsider = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: [] });
    expect((await graph.graphql(LIST, { r: '360323' }, outsider)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await graph.graphql(BENEFIT, { s: SCHOOL.id, y: YEAR }, outsider)).data).toEqual({ nutritionPlanBenefit: null });
    const other = DEMO_SCHOOLS.find((s) => s.id !== SCHOOL.id && s.regionCode.startsWith('360323'))!;
    const staff = await graph.token({ role: 'SCHOOL', regionCode: other.regionCode, schoolId: other.id, scopes: [] });
    expect((await graph.graphql(BENEFIT, { s: SCHOOL.id, y: YEAR }, staff)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await graph.token({ role: 'SCHOOL', regionCode: SCHOOL.regionCode, schoolId: SCHOOL.id, scopes: [] });
    expect((await graph.graphql(BENEFIT, { s: SCHOOL.id, y: YEAR }, own)).data?.nutritionPlanBenefit).toMatchObject({ schoolId: SCHOOL.id });
  });
});
