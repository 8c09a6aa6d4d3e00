import { DEMO_HOUSING_TARGET, DEMO_SCHOOLS, demoTeachersData } from '@epg/demo';
import { startTestGraph, type TestGraph } from '../../support';

const SET_TARGET = `mutation($input: HousingTargetInput!) { setHousingTarget(input: $input) { regionCode units dueOn } }`;
const SUMMARY = `query($r: String!, $on: Date) { housingSummary(regionCode: $r, on: $on) { regionCode on target { units dueOn } built allocated vacant shortfall } }`;
const ADD_UNIT = `mutation($s: ID!, $l: String!, $b: Date) { addHousingUnit(input: { schoolId: $s, label: $l, builtOn: $b }) { id builtOn } }`;
const ALLOCATE = `mutation($u: ID!, $t: ID!, $f: Date!, $to: Date) { allocateHousing(input: { unitId: $u, teacherId: $t, fromDate: $f, toDate: $to }) { id } }`;

const ZHANGJIAFANG = DEMO_SCHOOLS.find((s) => s.code === '3636032320')!; // 张佳坊小学

/**
 * Issue 21, housing: seed 000 plans 372 teacher rental units (教师公租房 372 套, by the end of
 * 2016); the county sets that target by API (policy:admin, province/city/county office, audited)
 * and reads a region summary (target, built, allocated, vacant). Allocations are plausible facts:
 * not in the future, not before the unit was built or the teacher started, one unit per teacher
 * at a time and one teacher per unit.
 */
describe('teacher housing: region target, summary and plausible allocations', () => {
  let graph: TestGraph;
  let county: string;
  const data = demoTeachersData();
  const sql = (query: string, params: unknown[] = []) => graph.services.get('teachers')!.dataSource.query(query, params);
  const allocations = async (): Promise<number> => (await sql(`SELECT count(*)::int AS n FROM housing_allocation`))[0].n;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['policy:admin'], subject: 'housing-county' });
  });
  afterAll(() => graph?.stop());

  it("reads the demo county's 372-unit target and its built, allocated and vacant units on a day", async () => {
    const on = '2020-01-01';
    const built = data.housingUnits.filter((u) => u.builtOn <= on);
    const allocated = built.filter((u) => u.allocations.some((a) => a.fromDate <= on && (a.toDate === null || a.toDate >= on))).length;
    const result = await graph.graphql(SUMMARY, { r: '360323', on }, county);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      housingSummary: {
        regionCode: '360323',
        on,
        target: { units: 372, dueOn: '2016-12-31' },
        built: built.length,
        allocated,
        vacant: built.length - allocated,
        shortfall: Math.max(0, 372 - built.length),
      },
    });
    expect(DEMO_HOUSING_TARGET).toEqual({ regionCode: '360323', units: 372, dueOn: '2016-12-31' });
    // The seeds' target is met: 372 units built by the end of 2016.
    expect(data.housingUnits.filter((u) => u.builtOn <= '2016-12-31')).toHaveLength(372);
    const township = await graph.graphql<{ housingSummary: { target: unknown; built: number } }>(SUMMARY, { r: ZHANGJIAFANG.regionCode.slice(0, 9) }, county);
    expect(township.errors).toBeUndefined();
    expect(township.data!.housingSummary.target).toBeNull();
    expect(township.data!.housingSummary.built).toBe(data.housingUnits.filter((u) => u.regionCode.startsWith(ZHANGJIAFANG.regionCode.slice(0, 9))).length);
  });

  it('sets a target with policy:admin at a county office, audited with its region; refuses others and nonsense', async () => {
    const township = await graph.token({ role: 'TOWNSHIP', regionCode: '360323101', scopes: ['policy:admin'], subject: 'housing-township' });
    const refused = await graph.graphql(SET_TARGET, { input: { regionCode: '360323101', units: 40, dueOn: '2027-12-31' } }, township);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const clerk = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['pii:read'], subject: 'housing-clerk' });
    expect((await graph.graphql(SET_TARGET, { input: { regionCode: '360323', units: 400, dueOn: '2027-12-31' } }, clerk)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const negative = await graph.graphql(SET_TARGET, { input: { regionCode: '360323', units: -1, dueOn: '2027-12-31' } }, county);
    expect(negative.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.units' }] });
    const ancient = await graph.graphql(SET_TARGET, { input: { regionCode: '360323', units: 10, dueOn: '1990-12-31' } }, county);
    expect(ancient.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.dueOn' }] });
    const outside = await graph.graphql(SET_TARGET, { input: { regionCode: '360322', units: 10, dueOn: '2027-12-31' } }, county);
    expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await graph.graphql(SUMMARY, { r: '360323101' }, county)).data).toMatchObject({ housingSummary: { target: null } });

    const set = await graph.graphql(SET_TARGET, { input: { regionCode: '360323101', units: 40, dueOn: '2027-12-31' } }, county);
    expect(set.errors).toBeUndefined();
    expect(set.data).toEqual({ setHousingTarget: { regionCode: '360323101', units: 40, dueOn: '2027-12-31' } });
    const audit = await sql(`SELECT data_region, after FROM audit_entry WHERE operation = 'setHousingTarget' AND subject = 'housing-county'`);
    expect(audit).toEqual([expect.objectContaining({ data_region: '360323101', after: expect.objectContaining({ units: 40 }) })]);
    const summary = await graph.graphql(SUMMARY, { r: '360323101' }, county);
    expect(summary.data).toMatchObject({ housingSummary: { target: { units: 40, dueOn: '2027-12-31' } } });
  });

  it('refuses implausible allocations and double lettings, writing nothing', async () => {
    const staff = data.teachers.filter((t) => t.postings[t.postings.length - 1]!.schoolId === ZHANGJIAFANG.id);
    const recruit = staff.find((t) => t.startedOn >= '2017-01-01')!;
    const unit = await graph.graphql<{ addHousingUnit: { id: string; builtOn: string } }>(ADD_UNIT, { s: ZHANGJIAFANG.id, l: '2018 新建 A', b: '2018-06-30' }, county);
    expect(unit.errors).toBeUndefined();
    expect(unit.data!.addHousingUnit.builtOn).toBe('2018-06-30');
    const futureUnit = await graph.graphql(ADD_UNIT, { s: ZHANGJIAFANG.id, l: '2099 新建', b: '2099-01-01' }, county);
    expect(futureUnit.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.builtOn' }] });
    const unitId = unit.data!.addHousingUnit.id;
    const before = await allocations();
    const attempt = (teacherId: string, fromDate: string, toDate?: string) => graph.graphql(ALLOCATE, { u: unitId, t: teacherId, f: fromDate, to: toDate ?? null }, county);

    const future = await attempt(recruit.id, '2099-09-01');
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.fromDate', message: expect.stringMatching(/future/) }] });
    const beforeBuilt = await attempt(recruit.id, '2018-01-01');
    expect(beforeBuilt.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.fromDate', message: expect.stringMatching(/built/) }] });
    const old = staff.find((t) => t.startedOn > '2018-07-01' && t.startedOn < '2021-01-01') ?? recruit;
    if (old !== recruit) {
      const beforeStart = await attempt(old.id, '2018-07-01');
      expect(beforeStart.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.fromDate', message: expect.stringMatching(/started/) }] });
    }
    // A teacher holding a demo unit over the dates cannot take a second one.
    const tenant = data.housingUnits.flatMap((u) => u.allocations).find((a) => a.toDate === null && staff.some((t) => t.id === a.teacherId))!;
    const twice = await attempt(tenant.teacherId, '2019-09-01');
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(twice.errors?.[0]?.message).toMatch(/already holds/);
    expect(await allocations()).toBe(before);

    const free = staff.find((t) => t.startedOn <= '2018-07-01' && !data.housingUnits.some((u) => u.allocations.some((a) => a.teacherId === t.id)))!;
    const ok = await attempt(free.id, '2018-09-01', '2020-08-31');
    expect(ok.errors).toBeUndefined();
    // One teacher per unit at a time (the unit's capacity).
    const other = staff.find((t) => t.id !== free.id && t.startedOn <= '2019-01-01' && !data.housingUnits.some((u) => u.allocations.some((a) => a.teacherId === t.id)))!;
    const clash = await attempt(other.id, '2019-01-01');
    expect(clash.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await allocations()).toBe(before + 1);
  });
});
