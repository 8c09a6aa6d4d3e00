import { insertSchools, startTestGraph, type TestGraph } from '../../support';
import { makeIdNumber } from '@epg/domain';

/**
 * Coverage counts the five-year cycle's hours (每五年 360 学时), not a single session.
 * Hand-computed fixtures in village 360323201201 (no demo school there):
 *
 *   teacher  trainings (level, hours, completed)
 *   A        NATIONAL 1h 2017-05-01                                  cycle 2016–2020: 1 h
 *   B        PROVINCIAL 200h 2016-08-01, COUNTY 160h 2019-04-01       cycle 2016–2020: 360 h (trained)
 *   C        COUNTY 300h 2018-07-01, SCHOOL 100h 2021-03-01          cycle 2016–2020: 300 h; 2017–2021: 400 h
 *
 *   cycle 2016: 3 teachers, 1 trained (B), 4 person-times, 661 hours;
 *     by year 2016: 1/200h, 2017: 1/1h, 2018: 1/300h, 2019: 1/160h, 2020: 0
 *     by level NATIONAL 1/1h, PROVINCIAL 1/200h, CITY 0, COUNTY 2/460h, SCHOOL 0
 *   cycle 2017: 1 trained (C, 400 h; B has 160 h in it)
 */
const VILLAGE = '360323201201';

const REGISTER = `mutation($input: RegisterTeacherInput!) { registerTeacher(input: $input) { id } }`;
const RECORD = `mutation($input: RecordTrainingInput!) { recordTraining(input: $input) { id } }`;
const COVERAGE = `query($code: String!, $cycle: Int!) {
  region(code: $code) {
    teacherTrainingCoverage(cycleStartYear: $cycle) {
      teachers trained rate personTimes requiredHours hours
      personTimesByYear { year personTimes hours }
      byLevel { level personTimes hours }
    }
  }
}`;
const HOURS = `query($id: ID!, $cycle: Int!) { teacher(id: $id) { id trainingHours(cycleStartYear: $cycle) } }`;
const UNTRAINED = `query($cycle: Int!) { untrainedTeachers(regionCode: "${VILLAGE}", cycleStartYear: $cycle, first: 10) { totalCount edges { node { id } } } }`;

describe('training coverage counts the cycle hours (360), by year and by level', () => {
  let graph: TestGraph;
  let county: string;
  const teacher: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const [schoolId] = (await insertSchools(graph, [
      { code: '3636032970', name: '学时测试学校', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: VILLAGE, inPovertyArea: true },
    ])) as [string];
    let seq = 201;
    for (const key of ['A', 'B', 'C'] as const) {
      const r = await graph.succeed<{ registerTeacher: { id: string } }>(
        REGISTER,
        { input: { name: `学时${key}`, idNumber: makeIdNumber('360323', '1985-02-03', (seq += 2)), schoolId, postType: 'REGULAR', rural: true, hardshipTier: 1, startedOn: '2010-09-01' } },
        county,
      );
      teacher[key] = r.registerTeacher.id;
    }
    const trainings: ['A' | 'B' | 'C', string, number, string][] = [
      ['A', 'NATIONAL', 1, '2017-05-01'],
      ['B', 'PROVINCIAL', 200, '2016-08-01'],
      ['B', 'COUNTY', 160, '2019-04-01'],
      ['C', 'COUNTY', 300, '2018-07-01'],
      ['C', 'SCHOOL', 100, '2021-03-01'],
    ];
    for (const [who, level, hours, completedOn] of trainings) {
      await graph.succeed(RECORD, { input: { teacherId: teacher[who], level, title: `${level} 培训`, hours, completedOn } }, county);
    }
  });
  afterAll(() => graph?.stop());

  it('counts as trained only the teachers who reached 360 hours in the cycle', async () => {
    const c2016 = await graph.succeed<{ region: { teacherTrainingCoverage: unknown } }>(COVERAGE, { code: VILLAGE, cycle: 2016 }, county);
    expect(c2016.region.teacherTrainingCoverage).toEqual({
      teachers: 3,
      trained: 1,
      rate: 1 / 3,
      personTimes: 4,
      requiredHours: 360,
      hours: 661,
      personTimesByYear: [
        { year: 2016, personTimes: 1, hours: 200 },
        { year: 2017, personTimes: 1, hours: 1 },
        { year: 2018, personTimes: 1, hours: 300 },
        { year: 2019, personTimes: 1, hours: 160 },
        { year: 2020, personTimes: 0, hours: 0 },
      ],
      byLevel: [
        { level: 'NATIONAL', personTimes: 1, hours: 1 },
        { level: 'PROVINCIAL', personTimes: 1, hours: 200 },
        { level: 'CITY', personTimes: 0, hours: 0 },
        { level: 'COUNTY', personTimes: 2, hours: 460 },
        { level: 'SCHOOL', personTimes: 0, hours: 0 },
      ],
    });
    const c2017 = await graph.succeed<{ region: { teacherTrainingCoverage: { trained: number } } }>(COVERAGE, { code: VILLAGE, cycle: 2017 }, county);
    expect(c2017.region.teacherTrainingCoverage.trained).toBe(1);
  });

  it('reports the hours of each teacher in the cycle', async () => {
    const hours: Record<string, number> = {};
    for (const key of ['A', 'B', 'C'] as const) {
      const r = await graph.succeed<{ teacher: { trainingHours: number } }>(HOURS, { id: teacher[key], cycle: 2016 }, county);
      hours[key] = r.teacher.trainingHours;
    }
    expect(hours).toEqual({ A: 1, B: 360, C: 300 });
  });

  it('lists as untrained the teachers short of the hours, a 1-hour session included', async () => {
    const r = await graph.succeed<{ untrainedTeachers: { totalCount: number; edges: { node: { id: string } }[] } }>(UNTRAINED, { cycle: 2016 }, county);
    expect(r.untrainedTeachers.totalCount).toBe(2);
    expect(r.untrainedTeachers.edges.map((e) => e.node.id).sort()).toEqual([teacher.A, teacher.C].sort());
  });
});
