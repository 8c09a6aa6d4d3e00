import { insertSchools, startTestGraph, type TestGraph } from '../../support';
import { makeIdNumber } from '@epg/domain';

/**
 * Hand-computed fixtures in village 360323201201, where the demo has no school:
 *
 *   teacher  school (tier)      started     trainings (completed)
 *   A        S1 (1)             2010-09-01  NATIONAL 200h 2016-07-01, COUNTY 160h 2018-03-01
 *   B        S2 (2) → S1 (1)    2012-09-01  PROVINCIAL 360h 2015-06-01, SCHOOL 360h 2020-12-31   moved 2019-04-10
 *   C        S3 (0, town)       2008-09-01  COUNTY 24h 2021-01-01
 *   D        S1 (1)             2019-03-15  —
 *
 * Rates: the demo county's 500 / 700 yuan for tiers 1 / 2 from 2016-01, and the village's own
 * 600 yuan for tier 1 from 2019-01 (the most specific prefix wins).
 *
 *   2018-06: A 50000 + B 70000                 = 120000 fen, 2 teachers
 *   2019-03: A 60000 + B 70000 + D 60000       = 190000 fen, 3 teachers (B still at S2 on 03-31)
 *   2019-04: A 60000 + B 60000 + D 60000       = 180000 fen, 3 teachers
 *   cycle 2016–2020: 4 teachers, 2 trained (A, B), rate 0.5, 3 person-times
 *   cycle 2011–2015: 4 teachers, 1 trained (B), rate 0.25, 1 person-time
 */
const VILLAGE = '360323201201';

const REGISTER = /* GraphQL */ `
  mutation RegisterTeacher($input: RegisterTeacherInput!) { registerTeacher(input: $input) { id } }
`;
const RECORD = /* GraphQL */ `
  mutation RecordTraining($input: RecordTrainingInput!) {
    recordTraining(input: $input) { id level title hours completedOn teacher { id } }
  }
`;
const COVERAGE = /* GraphQL */ `
  query TeacherTrainingCoverage($regionCode: String!, $cycleStartYear: Int!) {
    region(code: $regionCode) { code teacherTrainingCoverage(cycleStartYear: $cycleStartYear) { teachers trained rate personTimes } }
  }
`;
const ALLOWANCES = /* GraphQL */ `
  query TeacherAllowances($regionCode: String!, $month: String!) {
    teacherAllowances(regionCode: $regionCode, month: $month) {
      month teacherCount totalFen byTier { hardshipTier teacherCount monthlyFen totalFen }
    }
  }
`;

describe('training coverage and rural living allowance (hand-computed fixtures)', () => {
  let graph: TestGraph;
  let county: string;
  const school: Record<'S1' | 'S2' | 'S3', string> = { S1: '', S2: '', S3: '' };
  const teacher: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['policy:admin'] });
    const saved = await insertSchools(
      graph,
      (['S1', 'S2', 'S3'] as const).map((key, i) => ({
        code: `363603299${i}`,
        name: `测试学校${key}`,
        type: 'PRIMARY',
        ownership: 'PUBLIC',
        regionCode: VILLAGE,
        inPovertyArea: true,
      })),
    );
    [school.S1, school.S2, school.S3] = saved as [string, string, string];

    const register = async (name: string, schoolId: string, rural: boolean, hardshipTier: number, startedOn: string, seq: number) => {
      const result = await graph.graphql<{ registerTeacher: { id: string } }>(
        REGISTER,
        {
          input: {
            name,
            idNumber: makeIdNumber('360323', `${Number(startedOn.slice(0, 4)) - 23}-02-03`, seq),
            schoolId,
            postType: 'REGULAR',
            rural,
            hardshipTier,
            startedOn,
          },
        },
        county,
      );
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.registerTeacher.id;
    };
    teacher.A = await register('测试甲', school.S1, true, 1, '2010-09-01', 101);
    teacher.B = await register('测试乙', school.S2, true, 2, '2012-09-01', 102);
    teacher.C = await register('测试丙', school.S3, false, 0, '2008-09-01', 103);
    teacher.D = await register('测试丁', school.S1, true, 1, '2019-03-15', 104);

    const rate = await graph.graphql(
      `mutation { setAllowanceRate(input: { regionCode: "${VILLAGE}", hardshipTier: 1, fromMonth: "2019-01", monthlyFen: 60000 }) { id } }`,
      {},
      county,
    );
    if (rate.errors) throw new Error(JSON.stringify(rate.errors));

    // Hours chosen so that A and B reach the cycle's 360 hours (trained), C does not.
    const trainings: [keyof typeof teacher, string, number, string][] = [
      ['A', 'NATIONAL', 200, '2016-07-01'],
      ['A', 'COUNTY', 160, '2018-03-01'],
      ['B', 'PROVINCIAL', 360, '2015-06-01'],
      ['B', 'SCHOOL', 360, '2020-12-31'],
      ['C', 'COUNTY', 24, '2021-01-01'],
    ];
    for (const [who, level, hours, completedOn] of trainings) {
      const r = await graph.graphql(RECORD, { input: { teacherId: teacher[who], level, title: `${level} 培训`, hours, completedOn } }, county);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
    }
  });
  afterAll(() => graph?.stop());

  it('records a training and answers the contract fields', async () => {
    const result = await graph.graphql(
      RECORD,
      { input: { teacherId: teacher.D, level: 'SCHOOL', title: '校本研修', hours: 8, completedOn: '2021-03-01' } },
      county,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({
      recordTraining: { level: 'SCHOOL', title: '校本研修', hours: 8, completedOn: '2021-03-01', teacher: { id: teacher.D } },
    });
    const early = await graph.graphql(
      RECORD,
      { input: { teacherId: teacher.D, level: 'SCHOOL', title: '岗前', hours: 0, completedOn: '2018-03-01' } },
      county,
    );
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.hours' }] });
    const beforeStart = await graph.graphql(
      RECORD,
      { input: { teacherId: teacher.D, level: 'SCHOOL', title: '岗前', hours: 8, completedOn: '2018-03-01' } },
      county,
    );
    expect(beforeStart.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.completedOn' }] });
  });

  it('computes five-year coverage and person-times', async () => {
    const c2016 = await graph.graphql(COVERAGE, { regionCode: VILLAGE, cycleStartYear: 2016 }, county);
    expect(c2016.errors).toBeUndefined();
    expect(c2016.data).toEqual({
      region: { code: VILLAGE, teacherTrainingCoverage: { teachers: 4, trained: 2, rate: 0.5, personTimes: 3 } },
    });
    const c2011 = await graph.graphql(COVERAGE, { regionCode: VILLAGE, cycleStartYear: 2011 }, county);
    expect(c2011.data).toEqual({
      region: { code: VILLAGE, teacherTrainingCoverage: { teachers: 4, trained: 1, rate: 0.25, personTimes: 1 } },
    });
  });

  it('lists the teachers not trained in the cycle, page by page', async () => {
    const query = `query($after: String) { untrainedTeachers(regionCode: "${VILLAGE}", cycleStartYear: 2016, first: 1, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    type Page = { untrainedTeachers: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } };
    const first = await graph.graphql<Page>(query, { after: null }, county);
    expect(first.errors).toBeUndefined();
    expect(first.data!.untrainedTeachers.totalCount).toBe(2);
    expect(first.data!.untrainedTeachers.pageInfo.hasNextPage).toBe(true);
    const second = await graph.graphql<Page>(query, { after: first.data!.untrainedTeachers.pageInfo.endCursor }, county);
    expect(second.data!.untrainedTeachers.pageInfo.hasNextPage).toBe(false);
    const ids = [...first.data!.untrainedTeachers.edges, ...second.data!.untrainedTeachers.edges].map((e) => e.node.id).sort();
    expect(ids).toEqual([teacher.C, teacher.D].sort());
  });

  it('totals the allowance payroll by tier, with the most specific rate and the posting on the month’s last day', async () => {
    const june2018 = await graph.graphql(ALLOWANCES, { regionCode: VILLAGE, month: '2018-06' }, county);
    expect(june2018.errors).toBeUndefined();
    expect(june2018.data).toEqual({
      teacherAllowances: {
        month: '2018-06',
        teacherCount: 2,
        totalFen: 120_000,
        byTier: [
          { hardshipTier: 1, teacherCount: 1, monthlyFen: 50_000, totalFen: 50_000 },
          { hardshipTier: 2, teacherCount: 1, monthlyFen: 70_000, totalFen: 70_000 },
        ],
      },
    });

    const moved = await graph.graphql(
      `mutation($id: ID!, $to: ID!) { moveTeacher(teacherId: $id, schoolId: $to, on: "2019-04-10", hardshipTier: 1) { id } }`,
      { id: teacher.B, to: school.S1 },
      county,
    );
    expect(moved.errors).toBeUndefined();

    const march = await graph.graphql<{ teacherAllowances: { teacherCount: number; totalFen: number } }>(
      ALLOWANCES,
      { regionCode: VILLAGE, month: '2019-03' },
      county,
    );
    expect(march.data!.teacherAllowances).toMatchObject({ teacherCount: 3, totalFen: 190_000 });
    const april = await graph.graphql(ALLOWANCES, { regionCode: VILLAGE, month: '2019-04' }, county);
    expect(april.data).toEqual({
      teacherAllowances: {
        month: '2019-04',
        teacherCount: 3,
        totalFen: 180_000,
        byTier: [{ hardshipTier: 1, teacherCount: 3, monthlyFen: 60_000, totalFen: 180_000 }],
      },
    });
  });

  it('agrees per teacher and on the region dashboard', async () => {
    const result = await graph.graphql<{ region: { teacherStats: unknown }; a: { monthlyAllowanceFen: number } } & Record<string, { monthlyAllowanceFen: number }>>(
      `query($a: ID!, $b: ID!, $c: ID!, $d: ID!) {
        region(code: "${VILLAGE}") { teacherStats(month: "2019-04") { teachers ruralTeachers monthlyAllowanceFen } }
        a: teacher(id: $a) { monthlyAllowanceFen(month: "2019-04") }
        b: teacher(id: $b) { monthlyAllowanceFen(month: "2019-03") }
        c: teacher(id: $c) { monthlyAllowanceFen(month: "2019-04") }
        d: teacher(id: $d) { monthlyAllowanceFen(month: "2019-02") }
      }`,
      { a: teacher.A, b: teacher.B, c: teacher.C, d: teacher.D },
      county,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      region: { teacherStats: { teachers: 4, ruralTeachers: 3, monthlyAllowanceFen: 180_000 } },
      a: { monthlyAllowanceFen: 60_000 },
      b: { monthlyAllowanceFen: 70_000 },
      c: { monthlyAllowanceFen: 0 },
      d: { monthlyAllowanceFen: 0 },
    });
  });

  it('keeps rates as dated data: a new rate closes the open one; an earlier one is a correction, still under the floor rule', async () => {
    const set = await graph.graphql(
      `mutation { setAllowanceRate(input: { regionCode: "${VILLAGE}", hardshipTier: 1, fromMonth: "2021-01", monthlyFen: 65000 }) { fromMonth toMonth } }`,
      {},
      county,
    );
    expect(set.errors).toBeUndefined();
    const rates = await graph.graphql<{ allowanceRates: { regionPrefix: string; hardshipTier: number; fromMonth: string; toMonth: string | null; monthlyFen: number }[] }>(
      `{ allowanceRates(regionCode: "${VILLAGE}") { regionPrefix hardshipTier fromMonth toMonth monthlyFen } }`,
      {},
      county,
    );
    expect(rates.data!.allowanceRates.filter((r) => r.regionPrefix === VILLAGE)).toEqual([
      { regionPrefix: VILLAGE, hardshipTier: 1, fromMonth: '2019-01', toMonth: '2020-12', monthlyFen: 60_000 },
      { regionPrefix: VILLAGE, hardshipTier: 1, fromMonth: '2021-01', toMonth: null, monthlyFen: 65_000 },
    ]);
    expect(rates.data!.allowanceRates.filter((r) => r.regionPrefix === '360323').map((r) => r.monthlyFen)).toEqual([50_000, 70_000, 100_000]);
    const earlier = await graph.graphql(
      `mutation { setAllowanceRate(input: { regionCode: "${VILLAGE}", hardshipTier: 1, fromMonth: "2020-06", monthlyFen: 1 }) { id } }`,
      {},
      county,
    );
    // An earlier month is a correction from then on (issue 21); one below the floor is refused.
    expect(earlier.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.monthlyFen' }] });
    const township = await graph.token({ role: 'TOWNSHIP', regionCode: '360323203' });
    const outside = await graph.graphql(ALLOWANCES, { regionCode: VILLAGE, month: '2019-04' }, township);
    expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
