import { startTestGraph, type TestGraph } from '../../support';
import { DEMO_SCHOOLS, demoTeachersData } from '@epg/demo';

const LUXI_PRIMARY = DEMO_SCHOOLS.find((s) => s.code === '3636032302')!; // 芦溪小学, county seat (town)
const LUXI_MIDDLE = DEMO_SCHOOLS.find((s) => s.code === '3636032301')!; // 芦溪中学, county seat (town)
const ZHANGJIAFANG = DEMO_SCHOOLS.find((s) => s.code === '3636032320')!; // 张佳坊小学, tier 3
const XINXIA = DEMO_SCHOOLS.find((s) => s.code === '3636032316')!; // 新下小学, tier 2

const ROTATE = /* GraphQL */ `
  mutation Rotate($input: RecordRotationInput!) {
    recordRotation(input: $input) { id kind manager fromRural toRural startDate endDate meetsSeniorTitleCondition fromSchool { id } toSchool { id name } }
  }
`;

describe('exchanges, support teaching, pairings, mentors and housing', () => {
  let graph: TestGraph;
  let county: string;
  const data = demoTeachersData();
  const staffOf = (schoolId: string) => data.teachers.filter((t) => t.postings[t.postings.length - 1]!.schoolId === schoolId);
  const town = staffOf(LUXI_PRIMARY.id);

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  it('records urban-to-rural rotations and flags the one-year senior-title condition', async () => {
    const year = await graph.graphql<{ recordRotation: Record<string, unknown> }>(
      ROTATE,
      { input: { teacherId: town[0]!.id, kind: 'ROTATION', toSchoolId: ZHANGJIAFANG.id, toRural: true, startDate: '2021-09-01', endDate: '2022-08-31' } },
      county,
    );
    expect(year.errors).toBeUndefined();
    expect(year.data!.recordRotation).toMatchObject({
      kind: 'ROTATION',
      manager: false,
      fromRural: false,
      toRural: true,
      meetsSeniorTitleCondition: true,
      fromSchool: { id: LUXI_PRIMARY.id },
      toSchool: { id: ZHANGJIAFANG.id, name: ZHANGJIAFANG.name },
    });
    const term = await graph.graphql<{ recordRotation: { meetsSeniorTitleCondition: boolean } }>(
      ROTATE,
      { input: { teacherId: town[1]!.id, kind: 'ROTATION', toSchoolId: XINXIA.id, toRural: true, startDate: '2021-09-01', endDate: '2022-01-20' } },
      county,
    );
    expect(term.data!.recordRotation.meetsSeniorTitleCondition).toBe(false);
    const same = await graph.graphql(
      ROTATE,
      { input: { teacherId: town[2]!.id, kind: 'ROTATION', toSchoolId: LUXI_PRIMARY.id, toRural: false, startDate: '2021-09-01' } },
      county,
    );
    expect(same.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('measures the share of a school’s teachers rotated per year against 10%, batched', async () => {
    const expected = (schoolId: string, y: number, extra: number) => {
      const teachers = staffOf(schoolId).length;
      const rotated = new Set(data.rotations.filter((r) => r.fromSchoolId === schoolId && r.startDate.startsWith(String(y))).map((r) => r.teacherId)).size + extra;
      return { year: y, teachers, rotated, share: rotated / teachers, target: 0.1, meetsTarget: rotated / teachers >= 0.1 };
    };
    const sql = graph.services.get('teachers')!.sql;
    sql.reset();
    const result = await graph.graphql(
      `query($a: ID!, $b: ID!) { a: school(id: $a) { rotationShare(year: 2021) { year teachers rotated share target meetsTarget } }
        b: school(id: $b) { rotationShare(year: 2019) { year teachers rotated share target meetsTarget } } }`,
      { a: LUXI_PRIMARY.id, b: LUXI_MIDDLE.id },
      county,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      a: { rotationShare: { year: 2021, teachers: 25, rotated: 2, share: 0.08, target: 0.1, meetsTarget: false } },
      b: { rotationShare: expected(LUXI_MIDDLE.id, 2019, 0) },
    });
    expect(expected(LUXI_PRIMARY.id, 2021, 2)).toEqual({ year: 2021, teachers: 25, rotated: 2, share: 0.08, target: 0.1, meetsTarget: false });
    expect(sql.total).toBeLessThanOrEqual(2);
  });

  it('counts support teachers sent against the yearly quota', async () => {
    const progress = `{ supportTeachingProgress(regionCode: "360323", year: 2022) { managersQuota teachersQuota managersSent teachersSent met } }`;
    const set = await graph.graphql(
      `mutation { setSupportTeachingQuota(input: { regionCode: "360323", year: 2022, managers: 1, teachers: 1 }) { managersQuota teachersQuota met } }`,
      {},
      county,
    );
    expect(set.data).toEqual({ setSupportTeachingQuota: { managersQuota: 1, teachersQuota: 1, met: false } });
    await graph.graphql(
      ROTATE,
      { input: { teacherId: town[3]!.id, kind: 'SUPPORT_TEACHING', manager: true, toSchoolId: XINXIA.id, toRural: true, startDate: '2022-02-20' } },
      county,
    );
    expect((await graph.graphql(progress, {}, county)).data).toEqual({
      supportTeachingProgress: { managersQuota: 1, teachersQuota: 1, managersSent: 1, teachersSent: 0, met: false },
    });
    await graph.graphql(
      ROTATE,
      { input: { teacherId: town[4]!.id, kind: 'SUPPORT_TEACHING', toSchoolId: XINXIA.id, toRural: true, startDate: '2022-02-20' } },
      county,
    );
    expect((await graph.graphql(progress, {}, county)).data).toEqual({
      supportTeachingProgress: { managersQuota: 1, teachersQuota: 1, managersSent: 1, teachersSent: 1, met: true },
    });
    const demoYear = await graph.graphql<{ supportTeachingProgress: { managersSent: number; teachersSent: number } }>(
      `{ supportTeachingProgress(regionCode: "360323", year: 2018) { managersSent teachersSent } }`,
      {},
      county,
    );
    const sent2018 = data.rotations.filter((r) => r.kind === 'SUPPORT_TEACHING' && r.startDate.startsWith('2018'));
    expect(demoYear.data!.supportTeachingProgress).toEqual({
      managersSent: sent2018.filter((r) => r.manager).length,
      teachersSent: sent2018.filter((r) => !r.manager).length,
    });
  });

  it('pairs schools and checks at least 2 exchange activities per term', async () => {
    const paired = await graph.graphql<{ pairSchools: { id: string } }>(
      `mutation($a: ID!, $b: ID!) { pairSchools(input: { strongSchoolId: $a, supportedSchoolId: $b, startedOn: "2020-09-01" }) { id } }`,
      { a: LUXI_MIDDLE.id, b: ZHANGJIAFANG.id },
      county,
    );
    expect(paired.errors).toBeUndefined();
    const pairingId = paired.data!.pairSchools.id;
    for (const heldOn of ['2020-10-01', '2020-11-01', '2021-03-01']) {
      const r = await graph.graphql(
        `mutation($id: ID!, $on: Date!) { recordExchangeActivity(input: { pairingId: $id, heldOn: $on, title: "同课异构" }) { id } }`,
        { id: pairingId, on: heldOn },
        county,
      );
      expect(r.errors).toBeUndefined();
    }
    const before = await graph.graphql(
      `mutation($id: ID!) { recordExchangeActivity(input: { pairingId: $id, heldOn: "2020-08-01", title: "x" }) { id } }`,
      { id: pairingId },
      county,
    );
    expect(before.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const list = await graph.graphql<{ schoolPairings: { id: string; strongSchool: { name: string }; terms: { term: string; activities: number; meetsMinimum: boolean }[] }[] }>(
      `{ schoolPairings(regionCode: "360323") { id strongSchool { name } terms { term activities meetsMinimum } } }`,
      {},
      county,
    );
    expect(list.errors).toBeUndefined();
    expect(list.data!.schoolPairings).toHaveLength(data.pairings.length + 1);
    const mine = list.data!.schoolPairings.find((p) => p.id === pairingId)!;
    expect(mine.strongSchool.name).toBe(LUXI_MIDDLE.name);
    expect(mine.terms.slice(0, 3)).toEqual([
      { term: '2020-AUTUMN', activities: 2, meetsMinimum: true },
      { term: '2021-SPRING', activities: 1, meetsMinimum: false },
      { term: '2021-AUTUMN', activities: 0, meetsMinimum: false },
    ]);
    const third = list.data!.schoolPairings.find((p) => p.id === data.pairings[2]!.id)!;
    expect(third.terms.find((t) => t.term === '2020-SPRING')).toEqual({ term: '2020-SPRING', activities: 1, meetsMinimum: false });
  });

  it('pairs mentors with mentees, once', async () => {
    const query = `mutation($m: ID!, $e: ID!) { pairMentor(input: { mentorId: $m, menteeId: $e, startedOn: "2021-09-01" }) { id mentor { id } mentee { id } } }`;
    const first = await graph.graphql(query, { m: town[5]!.id, e: town[6]!.id }, county);
    expect(first.errors).toBeUndefined();
    const again = await graph.graphql(query, { m: town[5]!.id, e: town[6]!.id }, county);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const read = await graph.graphql<{ teacher: { mentorPairs: { mentor: { id: string }; mentee: { id: string } }[] } }>(
      `query($id: ID!) { teacher(id: $id) { mentorPairs { mentor { id } mentee { id } } } }`,
      { id: town[6]!.id },
      county,
    );
    expect(read.data!.teacher.mentorPairs).toEqual([{ mentor: { id: town[5]!.id }, mentee: { id: town[6]!.id } }]);
  });

  it('lets housing units without overlapping allocations', async () => {
    const unit = await graph.graphql<{ addHousingUnit: { id: string } }>(
      `mutation($s: ID!) { addHousingUnit(input: { schoolId: $s, label: "新建 1 号" }) { id } }`,
      { s: ZHANGJIAFANG.id },
      county,
    );
    expect(unit.errors).toBeUndefined();
    const unitId = unit.data!.addHousingUnit.id;
    // Teachers in service by then who hold no demo unit (a teacher holds one unit at a time).
    const housed = new Set(data.housingUnits.flatMap((u) => u.allocations.map((a) => a.teacherId)));
    const tenants = staffOf(ZHANGJIAFANG.id).filter((t) => t.startedOn <= '2019-09-01' && !housed.has(t.id));
    const allocate = (teacherId: string, fromDate: string, toDate: string | null) =>
      graph.graphql(
        `mutation($u: ID!, $t: ID!, $f: Date!, $to: Date) { allocateHousing(input: { unitId: $u, teacherId: $t, fromDate: $f, toDate: $to }) { id teacher { id } fromDate toDate } }`,
        { u: unitId, t: teacherId, f: fromDate, to: toDate },
        county,
      );
    expect((await allocate(tenants[0]!.id, '2019-09-01', '2020-08-31')).errors).toBeUndefined();
    expect((await allocate(tenants[1]!.id, '2020-09-01', null)).errors).toBeUndefined();
    expect((await allocate(tenants[2]!.id, '2020-01-01', '2020-12-31')).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const school = await graph.graphql<{ school: { housingUnits: { id: string; label: string; allocations: unknown[]; currentAllocation: { teacher: { id: string } } | null }[] } }>(
      `query($s: ID!) { school(id: $s) { housingUnits { id label allocations { fromDate } currentAllocation { teacher { id } } } } }`,
      { s: ZHANGJIAFANG.id },
      county,
    );
    expect(school.errors).toBeUndefined();
    const mine = school.data!.school.housingUnits.find((u) => u.id === unitId)!;
    expect(mine.allocations).toHaveLength(2);
    expect(mine.currentAllocation).toEqual({ teacher: { id: tenants[1]!.id } });
    expect(school.data!.school.housingUnits).toHaveLength(data.housingUnits.filter((u) => u.schoolId === ZHANGJIAFANG.id).length + 1);
  });
});
