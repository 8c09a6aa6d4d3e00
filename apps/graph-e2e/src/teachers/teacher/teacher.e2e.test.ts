import { insertSchools, startTestGraph, type TestGraph } from '../../support';
import { DEMO_ALLOWANCE_RATES, DEMO_SCHOOLS, demoTeachersData } from '@epg/demo';
import { makeIdNumber, maskIdNumber } from '@epg/domain';
import { AuditEntry } from '@epg/persistence';
import { CYCLE_REQUIRED_HOURS, monthlyAllowanceFen, trainingCycle } from '@epg/teachers';

const REGISTER = /* GraphQL */ `
  mutation RegisterTeacher($input: RegisterTeacherInput!) {
    registerTeacher(input: $input) { id name postType rural hardshipTier monthlyAllowanceFen school { id name } }
  }
`;

const MOVE = /* GraphQL */ `
  mutation Move($teacherId: ID!, $schoolId: ID!, $on: Date!, $rural: Boolean, $hardshipTier: Int) {
    moveTeacher(teacherId: $teacherId, schoolId: $schoolId, on: $on, rural: $rural, hardshipTier: $hardshipTier) {
      id hardshipTier school { id name }
      postings { school { id } hardshipTier fromDate toDate }
    }
  }
`;

const TEACHER = /* GraphQL */ `
  query Teacher($id: ID!) { teacher(id: $id) { id name idNumberMasked gender title subjects startedOn school { id } } }
`;

const DASHBOARD = /* GraphQL */ `
  query Dashboard($code: String!, $month: String, $cycle: Int!) {
    region(code: $code) {
      code
      teacherStats(month: $month) { teachers ruralTeachers monthlyAllowanceFen }
      teacherTrainingCoverage(cycleStartYear: $cycle) { teachers trained rate personTimes }
    }
  }
`;

/** 南坑镇大岭小学 (tier 1) and 张佳坊小学 (tier 3) of the demo county. */
const DALING = DEMO_SCHOOLS.find((s) => s.code === '3636032312')!;
const ZHANGJIAFANG = DEMO_SCHOOLS.find((s) => s.code === '3636032320')!;

describe('teachers service: register, move, scope and the demo county', () => {
  let graph: TestGraph;
  let county: string;
  let hubeiSchoolId: string;
  const data = demoTeachersData();

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const [hubei] = await insertSchools(graph, [
      { code: '4201020001', name: '江岸区测试小学', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: '420102001', inPovertyArea: false },
    ]);
    hubeiSchoolId = hubei!;
  });
  afterAll(() => graph?.stop());

  const input = (over: Record<string, unknown> = {}) => ({
    name: '刘特岗',
    idNumber: makeIdNumber('360323', '1996-05-04', 44),
    schoolId: DALING.id,
    postType: 'SPECIAL_POST',
    rural: true,
    hardshipTier: 1,
    startedOn: '2020-09-01',
    ...over,
  });

  it('shows the demo staff of each school with one SQL statement per subgraph fetch', async () => {
    const query = `query($a: ID!, $b: ID!) { a: school(id: $a) { name teachers { id postType } } b: school(id: $b) { teachers { id } } }`;
    const sql = graph.services.get('teachers')!.sql;
    sql.reset();
    const result = await graph.graphql<{ a: { name: string; teachers: { id: string }[] }; b: { teachers: { id: string }[] } }>(
      query,
      { a: DALING.id, b: ZHANGJIAFANG.id },
      county,
    );
    expect(result.errors).toBeUndefined();
    const staffOf = (schoolId: string) => data.teachers.filter((t) => t.postings[t.postings.length - 1]!.schoolId === schoolId).map((t) => t.id).sort();
    expect(result.data!.a.name).toBe(DALING.name);
    expect(result.data!.a.teachers.map((t) => t.id).sort()).toEqual(staffOf(DALING.id));
    expect(result.data!.b.teachers.map((t) => t.id).sort()).toEqual(staffOf(ZHANGJIAFANG.id));
    expect(sql.total).toBe(2);
  });

  it('answers the county dashboard from the demo data (allowance by tier, 2016 cycle coverage)', async () => {
    const result = await graph.graphql<{ region: { teacherStats: Record<string, number>; teacherTrainingCoverage: Record<string, number> } }>(
      DASHBOARD,
      { code: '360323', month: '2020-06', cycle: 2016 },
      county,
    );
    expect(result.errors).toBeUndefined();
    const cycle = trainingCycle(2016);
    // 支教 and exchange stays are paid at the receiving school's tier: each school's from its latest posting.
    const schoolTier = new Map<string, { regionCode: string; rural: boolean; hardshipTier: number; fromDate: string }>();
    for (const p of data.teachers.flatMap((t) => t.postings)) {
      const known = schoolTier.get(p.schoolId);
      if (!known || p.fromDate > known.fromDate) schoolTier.set(p.schoolId, p);
    }
    const staysOf = (teacherId: string) =>
      data.rotations.filter((r) => r.teacherId === teacherId).map((r) => ({ startDate: r.startDate, endDate: r.endDate, school: schoolTier.get(r.toSchoolId) ?? null }));
    // Trained: the teachers whose trainings in the cycle add up to its 360 hours.
    const hoursOf = new Map<string, number>();
    for (const r of data.trainings) {
      if (r.completedOn >= cycle.from && r.completedOn <= cycle.to) hoursOf.set(r.teacherId, (hoursOf.get(r.teacherId) ?? 0) + r.hours);
    }
    const trainedIds = new Set([...hoursOf].filter(([, hours]) => hours >= CYCLE_REQUIRED_HOURS).map(([id]) => id));
    expect(result.data!.region.teacherStats).toEqual({
      teachers: data.teachers.length,
      ruralTeachers: data.teachers.filter((t) => t.postings[t.postings.length - 1]!.rural).length,
      monthlyAllowanceFen: data.teachers.reduce((sum, t) => sum + monthlyAllowanceFen(t.postings, DEMO_ALLOWANCE_RATES, '2020-06', staysOf(t.id)), 0),
    });
    expect(result.data!.region.teacherStats.monthlyAllowanceFen).toBeGreaterThan(0);
    expect(result.data!.region.teacherTrainingCoverage).toEqual({
      teachers: data.teachers.length,
      trained: trainedIds.size,
      rate: trainedIds.size / data.teachers.length,
      personTimes: data.trainings.filter((r) => r.completedOn >= cycle.from && r.completedOn <= cycle.to).length,
    });
  });

  it('registers a teacher with the school read through the graph, and audits it without the full ID number', async () => {
    const result = await graph.graphql<{ registerTeacher: { id: string } & Record<string, unknown> }>(REGISTER, { input: input() }, county);
    expect(result.errors).toBeUndefined();
    expect(result.data!.registerTeacher).toMatchObject({
      name: '刘特岗',
      postType: 'SPECIAL_POST',
      rural: true,
      hardshipTier: 1,
      monthlyAllowanceFen: 50_000,
      school: { id: DALING.id, name: DALING.name },
    });
    const id = result.data!.registerTeacher.id;
    const read = await graph.graphql<{ teacher: Record<string, unknown> }>(TEACHER, { id }, county);
    expect(read.data!.teacher).toMatchObject({ idNumberMasked: maskIdNumber(input().idNumber), gender: 'FEMALE', subjects: [] });
    const audits = await graph.services.get('teachers')!.dataSource.getRepository(AuditEntry).findBy({ entityId: id });
    expect(audits.map((a) => a.operation)).toEqual(['registerTeacher']);
    expect(JSON.stringify(audits[0]!.after)).not.toContain(input().idNumber);
  });

  it('refuses a second active teacher with the same ID number (CONFLICT)', async () => {
    const result = await graph.graphql(REGISTER, { input: input({ name: '刘重复', schoolId: ZHANGJIAFANG.id }) }, county);
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('reports bad fields by path (BAD_USER_INPUT)', async () => {
    const bad = input({ idNumber: '36032319960504004', hardshipTier: -2, postType: 'SUPPORT' });
    const result = await graph.graphql(REGISTER, { input: bad }, county);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const paths = (result.errors![0]!.extensions!.issues as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['input.hardshipTier', 'input.idNumber']);
    const young = await graph.graphql(REGISTER, { input: input({ startedOn: '2012-09-01' }) }, county);
    expect(young.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.startedOn' }] });
  });

  it('does not find a school outside the caller’s region, and refuses read-only roles', async () => {
    const other = await graph.graphql(REGISTER, { input: input({ idNumber: makeIdNumber('420102', '1990-01-01', 11), schoolId: hubeiSchoolId }) }, county);
    expect(other.errors?.[0]).toMatchObject({ message: 'school not found in your region', extensions: { code: 'BAD_USER_INPUT' } });
    const township = await graph.token({ role: 'TOWNSHIP', regionCode: '360323203' });
    const outside = await graph.graphql(REGISTER, { input: input({ idNumber: makeIdNumber('360323', '1990-01-01', 13) }) }, township);
    expect(outside.errors?.[0]?.message).toBe('school not found in your region');
    const auditor = await graph.token({ role: 'AUDITOR', regionCode: '360323' });
    const refused = await graph.graphql(REGISTER, { input: input({ idNumber: makeIdNumber('360323', '1990-01-01', 15) }) }, auditor);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('moves a teacher with dated history; the old township loses sight of the teacher, the new one gains it', async () => {
    const reg = await graph.graphql<{ registerTeacher: { id: string } }>(
      REGISTER,
      { input: input({ name: '周调动', idNumber: makeIdNumber('360323', '1985-11-20', 31), postType: 'REGULAR', startedOn: '2008-09-01' }) },
      county,
    );
    const id = reg.data!.registerTeacher.id;
    const moved = await graph.graphql<{ moveTeacher: Record<string, unknown> }>(
      MOVE,
      { teacherId: id, schoolId: ZHANGJIAFANG.id, on: '2019-03-01', hardshipTier: 3 },
      county,
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.moveTeacher).toEqual({
      id,
      hardshipTier: 3,
      school: { id: ZHANGJIAFANG.id, name: ZHANGJIAFANG.name },
      postings: [
        { school: { id: DALING.id }, hardshipTier: 1, fromDate: '2008-09-01', toDate: '2019-02-28' },
        { school: { id: ZHANGJIAFANG.id }, hardshipTier: 3, fromDate: '2019-03-01', toDate: null },
      ],
    });
    const oldTownship = await graph.token({ role: 'TOWNSHIP', regionCode: DALING.regionCode });
    const newTownship = await graph.token({ role: 'TOWNSHIP', regionCode: ZHANGJIAFANG.regionCode });
    expect((await graph.graphql(TEACHER, { id }, oldTownship)).data).toEqual({ teacher: null });
    expect((await graph.graphql<{ teacher: { id: string } }>(TEACHER, { id }, newTownship)).data!.teacher.id).toBe(id);

    const again = await graph.graphql(MOVE, { teacherId: id, schoolId: ZHANGJIAFANG.id, on: '2020-03-01' }, county);
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const hidden = await graph.graphql(MOVE, { teacherId: id, schoolId: DALING.id, on: '2020-03-01' }, oldTownship);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('pages through a township’s teachers by name with a stable total', async () => {
    const query = `query($after: String) { teachers(regionCode: "${ZHANGJIAFANG.regionCode}", first: 7, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id name } } } }`;
    type Page = { teachers: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] } };
    const ids: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 50; i++) {
      const page: { data?: Page | null } = await graph.graphql<Page>(query, { after }, county);
      total = page.data!.teachers.totalCount;
      ids.push(...page.data!.teachers.edges.map((e) => e.node.id));
      if (!page.data!.teachers.pageInfo.hasNextPage) break;
      after = page.data!.teachers.pageInfo.endCursor;
    }
    const demo = data.teachers.filter((t) => t.postings[t.postings.length - 1]!.regionCode.startsWith(ZHANGJIAFANG.regionCode)).length;
    expect(total).toBe(demo + 1); // + the teacher moved there above
    expect(new Set(ids).size).toBe(total);
    const outside = await graph.graphql(`{ teachers(regionCode: "420102", first: 5) { totalCount } }`, {}, county);
    expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
