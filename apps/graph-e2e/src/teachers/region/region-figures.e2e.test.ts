import { insertSchools, startTestGraph, type TestGraph } from '../../support';
import { makeIdNumber } from '@epg/domain';
import { countActiveTeachers, trainingCoverage, trainingCycle, teacherCountsFromRollup, trainingCoverageFromRollup } from '@epg/teachers';

/**
 * The roll-ups behind `Region.teacherStats` and `Region.teacherTrainingCoverage` stay equal to the
 * direct counts after every kind of write: registration, trainings, moves between villages and
 * townships, a teacher leaving, and corrections and deletes made in SQL.
 */
const COUNTY = '360323';
const VILLAGE_A = '360323201201';
const VILLAGE_B = '360323202201';
const PREFIXES = ['36', '3603', COUNTY, VILLAGE_A.slice(0, 9), VILLAGE_A, VILLAGE_B.slice(0, 9), VILLAGE_B];
const CYCLES = [2011, 2012, 2014, 2015, 2016, 2017, 2020, 2021];

const REGISTER = `mutation($input: RegisterTeacherInput!) { registerTeacher(input: $input) { id } }`;
const RECORD = `mutation($input: RecordTrainingInput!) { recordTraining(input: $input) { id } }`;
const MOVE = `mutation($id: ID!, $to: ID!, $on: Date!) { moveTeacher(teacherId: $id, schoolId: $to, on: $on) { id } }`;
const LEFT = `mutation($id: ID!, $on: Date!) { recordTeacherLeft(teacherId: $id, on: $on) { id } }`;
const FIGURES = `query($code: String!, $cycle: Int!) {
  region(code: $code) { teacherStats(month: "2020-06") { teachers ruralTeachers } teacherTrainingCoverage(cycleStartYear: $cycle) { teachers trained personTimes } }
}`;

describe('teacher roll-ups equal the direct counts', () => {
  let graph: TestGraph;
  let county: string;
  // A and B rural (tier 1), T a town school in village A: the tier is the school's.
  const school: Record<'A' | 'B' | 'T', string> = { A: '', B: '', T: '' };
  const ds = () => graph.services.get('teachers')!.dataSource;
  const within = (prefix: string) => graph.dataWithin('teachers', prefix);

  const ok = <T>(document: string, variables: Record<string, unknown>) => graph.succeed<T>(document, variables, county);

  async function expectRollupsTrue(step: string) {
    for (const prefix of PREFIXES) {
      expect({ step, prefix, ...(await teacherCountsFromRollup(within(prefix))) }).toEqual({
        step,
        prefix,
        ...(await countActiveTeachers(within(prefix))),
      });
      for (const start of CYCLES) {
        const { from, to } = trainingCycle(start);
        expect({ step, prefix, start, ...(await trainingCoverageFromRollup(within(prefix), start)) }).toEqual({
          step,
          prefix,
          start,
          ...(await trainingCoverage(within(prefix), from, to)),
        });
      }
    }
  }

  let seq = 300;
  const register = async (schoolId: string, rural: boolean, startedOn: string) =>
    (
      await ok<{ registerTeacher: { id: string } }>(REGISTER, {
        input: { name: `卷${seq}`, idNumber: makeIdNumber(COUNTY, '1985-04-04', (seq += 2)), schoolId, postType: 'REGULAR', rural, hardshipTier: rural ? 1 : 0, startedOn },
      })
    ).registerTeacher.id;
  const train = (teacherId: string, completedOn: string) =>
    ok(RECORD, { input: { teacherId, level: 'COUNTY', title: '县级培训', hours: 16, completedOn } });

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
    const saved = await insertSchools(
      graph,
      [VILLAGE_A, VILLAGE_B, VILLAGE_A].map((regionCode, i) => ({
        code: `363603288${i}`,
        name: `卷积学校${i}`,
        type: 'PRIMARY',
        ownership: 'PUBLIC',
        regionCode,
        inPovertyArea: true,
      })),
    );
    [school.A, school.B, school.T] = saved as [string, string, string];
  });
  afterAll(() => graph?.stop());

  it('starts equal on the demo data (the backfill), with something to count', async () => {
    await expectRollupsTrue('backfill');
    expect((await trainingCoverageFromRollup(within(COUNTY), 2016)).trained).toBeGreaterThan(0);
  });

  it('stays equal through registrations, trainings, moves and a teacher leaving', async () => {
    const a = await register(school.A, true, '2010-09-01');
    const b = await register(school.T, false, '2012-09-01');
    const c = await register(school.B, true, '2014-09-01');
    await expectRollupsTrue('registered');
    await train(a, '2016-07-01');
    await train(a, '2016-11-01');
    await train(a, '2019-12-31');
    await train(b, '2015-01-01');
    await train(c, '2020-06-01');
    await expectRollupsTrue('trained');
    await ok(MOVE, { id: a, to: school.B, on: '2021-02-01' });
    await expectRollupsTrue('moved');
    await ok(LEFT, { id: b, on: '2021-03-01' });
    await expectRollupsTrue('left');
  });

  it('stays equal through corrections and deletes made in SQL, many rows at once', async () => {
    await ds().query(`UPDATE training_record SET completed_on = completed_on - 730 WHERE region_code LIKE '360323%'`);
    await expectRollupsTrue('dates corrected');
    const [{ id }] = await ds().query(`SELECT id FROM teacher WHERE region_code LIKE $1 AND left_on IS NULL ORDER BY id LIMIT 1`, [`${VILLAGE_B}%`]);
    await ds().query(
      `UPDATE training_record SET teacher_id = $1 WHERE id IN (SELECT id FROM training_record WHERE region_code LIKE '360323%' ORDER BY id LIMIT 5)`,
      [id],
    );
    await expectRollupsTrue('trainings reassigned');
    await ds().query(`UPDATE teacher SET region_code = $1 WHERE region_code LIKE $2`, [VILLAGE_B, `${COUNTY}1%`]);
    await ds().query(`UPDATE teacher SET left_on = NULL WHERE left_on IS NOT NULL`);
    await expectRollupsTrue('teachers moved and back');
    await ds().query(`DELETE FROM training_record WHERE completed_on < '2016-01-01'`);
    await ds().query(
      `INSERT INTO training_record (teacher_id, level, title, hours, completed_on, region_code)
       SELECT id, 'SCHOOL', '校本', 8, DATE '2017-05-05', region_code FROM teacher WHERE region_code LIKE '360323%'`,
    );
    await expectRollupsTrue('deleted and bulk inserted');
  });

  it('answers a region the caller sees whole, and nothing for an ancestor seen only in part', async () => {
    const own = await graph.graphql<{ region: { teacherStats: Record<string, number>; teacherTrainingCoverage: Record<string, number> } }>(
      FIGURES,
      { code: COUNTY, cycle: 2016 },
      county,
    );
    expect(own.errors).toBeUndefined();
    const { from, to } = trainingCycle(2016);
    expect(own.data!.region.teacherStats).toEqual(await countActiveTeachers(within(COUNTY)));
    expect(own.data!.region.teacherTrainingCoverage).toEqual(await trainingCoverage(within(COUNTY), from, to));
    for (const ancestor of ['360000', '360300']) {
      const above = await graph.graphql<{ region: { teacherStats: unknown; teacherTrainingCoverage: unknown } | null }>(FIGURES, { code: ancestor, cycle: 2016 }, county);
      expect(above.data?.region).toEqual({ teacherStats: null, teacherTrainingCoverage: null });
    }
  });

  it("reads the training breakdown only when it is asked for (the dashboard's coverage costs no grouping of trainings)", async () => {
    const sql = graph.services.get('teachers')!.sql;
    sql.reset();
    await ok(`query($code: String!) { region(code: $code) { teacherTrainingCoverage(cycleStartYear: 2016) { teachers trained rate personTimes } } }`, { code: COUNTY });
    expect(sql.statements.filter((s) => /GROUP BY 1, 2/.test(s))).toEqual([]);
    sql.reset();
    const asked = await ok<{ region: { teacherTrainingCoverage: { hours: number; personTimesByYear: { personTimes: number }[]; byLevel: { personTimes: number }[]; personTimes: number } } }>(
      `query($code: String!) { region(code: $code) { teacherTrainingCoverage(cycleStartYear: 2016) { personTimes hours personTimesByYear { personTimes } byLevel { personTimes } } } }`,
      { code: COUNTY },
    );
    // One grouping for the three fields; the breakdown adds up to the coverage's person-times.
    expect(sql.statements.filter((s) => /GROUP BY 1, 2/.test(s))).toHaveLength(1);
    const coverage = asked.region.teacherTrainingCoverage;
    expect(coverage.personTimesByYear.reduce((n, y) => n + y.personTimes, 0)).toBe(coverage.personTimes);
    expect(coverage.byLevel.reduce((n, l) => n + l.personTimes, 0)).toBe(coverage.personTimes);
  });
});
