import { makeIdNumber } from '@epg/domain';
import { endVocationalSchoolRecord, giveVocationalSchoolRecord, startTestGraph, type TestGraph } from '../../support';
import { vocationalCountsFromRollup, vocationalCounts } from '@epg/vocational';

/**
 * The 1户1人 roll-up behind `Region.vocationalIndicators` stays equal to the direct count after
 * every kind of write: households registered and removed (through the projection), enrolments,
 * graduation and withdrawal, skills trainings, and corrections and deletes made in SQL.
 */
const COUNTY = '999901';
/** Where the members' ID numbers were issued: a real place (ID numbers name a province), none of the demo's. */
const BIRTHPLACE = '650102';
const TOWNSHIP = '999901200';
const VILLAGE = '999901200201';
const OTHER_VILLAGE = '999901200202';
const PREFIXES = ['99', '9999', COUNTY, TOWNSHIP, VILLAGE, OTHER_VILLAGE, '360323'];
const YEARS = [2020, 2021, 2022, 2023, 2024];

const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id } } }`;
const REMOVE = `mutation($id: ID!) { changeHouseholdStatus(householdId: $id, status: REMOVED, on: "2024-01-01", reason: "识别不准") { id } }`;
const REGISTER_SCHOOL = `mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) { id } }`;
const CREATE_PROGRAM = `mutation($input: VocationalProgramInput!) { createVocationalProgram(input: $input) { id } }`;
const ENROL = `mutation($input: VocationalEnrolmentInput!) { enrolVocational(input: $input) { id } }`;
const GRADUATE = `mutation($id: ID!, $on: Date!) { graduateVocational(enrolmentId: $id, graduatedOn: $on) { status } }`;
const WITHDRAW = `mutation($id: ID!, $on: Date!) { withdrawVocational(enrolmentId: $id, withdrawnOn: $on) { status } }`;
const TRAIN = `mutation($input: SkillsTrainingInput!) { recordSkillsTraining(input: $input) { id } }`;

describe('1户1人 roll-up equals the direct count', () => {
  let graph: TestGraph;
  let county: string;
  let programId: string;
  const ds = () => graph.services.get('vocational')!.dataSource;
  const within = (prefix: string) => graph.dataWithin('vocational', prefix);

  const ok = <T>(document: string, variables: Record<string, unknown>) => graph.succeed<T>(document, variables, county);

  async function expectRollupTrue(step: string) {
    for (const prefix of PREFIXES) {
      for (const year of YEARS) {
        expect({ step, prefix, year, ...(await vocationalCountsFromRollup(within(prefix), year)) }).toEqual({
          step,
          prefix,
          year,
          ...(await vocationalCounts(within(prefix), year)),
        });
      }
    }
  }

  const refresh = () => ok(`mutation($code: String!) { refreshHouseholdProjection(regionCode: $code) { changes } }`, { code: COUNTY });

  let seq = 200;
  async function register(key: string, births: string[], village = VILLAGE): Promise<{ id: string; members: { id: string }[] }> {
    const input = {
      registrationNumber: `${village}${key}`,
      villageCode: village,
      category: 'POVERTY_REGISTERED',
      povertyCauses: ['LACK_OF_SKILLS'],
      annualIncomePerCapitaFen: 300000,
      identifiedOn: '2016-03-01',
      members: births.map((birth, i) => ({ name: `${key}成员${i}`, idNumber: makeIdNumber(BIRTHPLACE, birth, (seq += 2) + 1), relationToHead: i ? 'CHILD' : 'HEAD' })),
    };
    return (await ok<{ registerHousehold: { id: string; members: { id: string }[] } }>(REGISTER, { input })).registerHousehold;
  }
  let schoolId: string;
  const enrol = async (personId: string, startYear: number) => {
    await giveVocationalSchoolRecord(graph, county, { personId, schoolId, academicYear: startYear });
    return (await ok<{ enrolVocational: { id: string } }>(ENROL, { input: { personId, programId, startYear, nonContinuingGraduate: true } })).enrolVocational.id;
  };
  const train = (personId: string, kind: string, completedOn: string, employedAfter: boolean | null, certificate: string | null = null) =>
    ok(TRAIN, { input: { personId, kind, hours: 40, completedOn, employedAfter, certificate } });

  beforeAll(async () => {
    graph = await startTestGraph();
    await graph.services
      .get('households')!
      .dataSource.query(
        `INSERT INTO region (code, name, level, parent_code) VALUES ($1, '卷积镇', 'TOWNSHIP', $2), ($3, '卷积一村', 'VILLAGE', $1), ($4, '卷积二村', 'VILLAGE', $1)`,
        [TOWNSHIP, COUNTY, VILLAGE, OTHER_VILLAGE],
      );
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
    schoolId = (
      await ok<{ registerSchool: { id: string } }>(REGISTER_SCHOOL, {
        input: { code: '9999012001', name: '卷积职业中学', type: 'SECONDARY_VOCATIONAL', ownership: 'PUBLIC', regionCode: TOWNSHIP, inPovertyArea: true },
      })
    ).registerSchool.id;
    programId = (
      await ok<{ createVocationalProgram: { id: string } }>(CREATE_PROGRAM, { input: { schoolId, major: '电子技术应用', agricultural: false, durationYears: 3 } })
    ).createVocationalProgram.id;
  });
  afterAll(() => graph?.stop());

  it('starts equal on the demo data (the backfill)', async () => {
    await expectRollupTrue('backfill');
  });

  it('stays equal through registrations, enrolments, trainings and a removal', async () => {
    const h1 = await register('H1', ['1975-05-01', '2006-03-10']);
    const h2 = await register('H2', ['1980-01-01', '1982-02-02'], OTHER_VILLAGE);
    const h3 = await register('H3', ['1970-06-01', '2005-07-07']);
    await register('H4', ['1966-07-07']);
    await refresh();
    await expectRollupTrue('projected');
    expect((await vocationalCountsFromRollup(within(COUNTY), 2023)).registeredHouseholds).toBe(4);

    const e1 = await enrol(h1.members[1]!.id, 2021);
    await train(h2.members[0]!.id, 'MIGRANT_TRANSFER', '2022-08-31', true);
    await train(h2.members[1]!.id, 'PRACTICAL_TECHNIQUE', '2023-09-01', null, '油茶种植技术');
    await train(h3.members[0]!.id, 'ENTREPRENEURSHIP', '2022-06-01', false);
    const e3 = await enrol(h3.members[1]!.id, 2022);
    await expectRollupTrue('enrolled and trained');
    expect((await vocationalCountsFromRollup(within(COUNTY), 2023)).householdsWithSkilledMember).toBe(3);

    // The schools ledger first (it owns the 学籍), then the programme assignments.
    await endVocationalSchoolRecord(graph, county, { personId: h1.members[1]!.id, schoolId, on: '2024-06-28', how: 'GRADUATED' });
    await ok(GRADUATE, { id: e1, on: '2024-06-28' });
    await endVocationalSchoolRecord(graph, county, { personId: h3.members[1]!.id, schoolId, on: '2023-03-01', how: 'DROPPED_OUT' });
    await ok(WITHDRAW, { id: e3, on: '2023-03-01' });
    await expectRollupTrue('graduated and withdrawn');

    await graph.graphql(REMOVE, { id: h2.id }, county);
    await refresh();
    await expectRollupTrue('removed');
  });

  it('stays equal through corrections, moves and deletes made in SQL', async () => {
    await ds().query(`UPDATE skills_training SET employed_after = true WHERE kind = 'ENTREPRENEURSHIP' AND region_code LIKE $1`, [`${COUNTY}%`]);
    await ds().query(`UPDATE vocational_enrolment SET start_year = start_year - 1 WHERE region_code LIKE $1`, [`${COUNTY}%`]);
    await expectRollupTrue('corrected');
    await ds().query(`UPDATE household_member SET village_code = $1 WHERE village_code = $2`, [OTHER_VILLAGE, VILLAGE]);
    await expectRollupTrue('moved');
    const [{ household_id: moved }] = await ds().query(`SELECT household_id FROM household_member WHERE village_code = $1 LIMIT 1`, [OTHER_VILLAGE]);
    await ds().query(`UPDATE household_member SET household_id = gen_random_uuid() WHERE household_id = $1 AND birth_date > '2000-01-01'`, [moved]);
    await expectRollupTrue('member split off');
    await ds().query(`DELETE FROM skills_training WHERE region_code LIKE $1`, [`${COUNTY}%`]);
    await ds().query(`DELETE FROM household_member WHERE household_id = $1`, [moved]);
    await expectRollupTrue('deleted');
  });
});
