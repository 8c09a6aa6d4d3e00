import { makeIdNumber } from '@epg/domain';
import { currentAcademicYear, vocationalCounts, vocationalCountsFromRollup } from '@epg/vocational';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 21 follow-up, 1户1人 by the definition of shared/domain/README.md: a member with
 * secondary-or-higher vocational education counts as skilled when the schools ledger (the owner
 * of 学籍) holds their ENROLLED or GRADUATED secondary-vocational 学籍, programme or not; a
 * training counts only when followed by employment (or a practical-technique certificate).
 * The missing list, Household.hasSkilledMember and the dashboard figure agree, and the roll-up
 * equals the direct count. Fixtures in a village of the stand-in county 999901:
 *
 *   household  member facts                                              1户1人
 *   H1         child SECONDARY_VOCATIONAL 学籍 ENROLLED, no programme     skilled
 *   H2         child SECONDARY_VOCATIONAL 学籍 DROPPED_OUT               missing
 *   H3         child SENIOR 学籍 ENROLLED                                 missing
 *   H4         head MIGRANT_TRANSFER training completed, not employed     missing
 */
const COUNTY = '999901';
const BIRTHPLACE = '650102';
const TOWNSHIP = '999901100';
const VILLAGE = '999901100201';
const YEAR = currentAcademicYear();
const CHILD_BIRTH = `${YEAR - 16}-04-12`;

const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id birthYear } } }`;
const REGISTER_SCHOOL = `mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) { id } }`;
const ENROL_STUDENT = `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`;
const DROP_OUT_STUDENT = `mutation($input: DropOutStudentInput!) { dropOutStudent(input: $input) { id } }`;
const TRAIN = `mutation($input: SkillsTrainingInput!) { recordSkillsTraining(input: $input) { id } }`;
/** Reads the 学籍 projection (refreshed from the schools feed), as the 两后生 list does. */
const DETECT = `mutation($code: String!) { detectNonContinuingGraduates(regionCode: $code) { regionCode } }`;
const MISSING = `query($code: String!) { householdsWithoutSkilledMember(regionCode: $code, first: 50) { totalCount edges { node { householdId } } } }`;
const DASHBOARD = `query($code: String!, $year: Int!) { region(code: $code) { vocationalIndicators(academicYear: $year) {
  registeredHouseholds householdsWithSkilledMember householdsWithoutSkilledMember } } }`;
const SKILLED = `query($id: ID!) { household(id: $id) { hasSkilledMember } }`;

let sequence = 500;
const member = (name: string, birthDate: string, relationToHead: string) => ({ name, idNumber: makeIdNumber(BIRTHPLACE, birthDate, (sequence += 2) + 1), relationToHead });

describe('1户1人 counts secondary-vocational 学籍 of the schools ledger', () => {
  let graph: TestGraph;
  let county: string;
  const households: Record<string, { id: string; head: string; child: string }> = {};
  const ok = <T>(query: string, variables: Record<string, unknown>) => graph.succeed<T>(query, variables, county);

  beforeAll(async () => {
    graph = await startTestGraph();
    await graph.services
      .get('households')!
      .dataSource.query(`INSERT INTO region (code, name, level, parent_code) VALUES ($1, '技能镇', 'TOWNSHIP', $2), ($3, '技能村', 'VILLAGE', $1)`, [TOWNSHIP, COUNTY, VILLAGE]);
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
    for (const key of ['H1', 'H2', 'H3', 'H4']) {
      const input = {
        registrationNumber: `${VILLAGE}${key}`, villageCode: VILLAGE, category: 'POVERTY_REGISTERED', povertyCauses: ['LACK_OF_SKILLS'],
        annualIncomePerCapitaFen: 300000, identifiedOn: '2016-03-01',
        members: [member(`${key}户主`, '1976-05-01', 'HEAD'), member(`${key}子女`, CHILD_BIRTH, 'CHILD')],
      };
      const made = (await ok<{ registerHousehold: { id: string; members: { id: string; birthYear: number }[] } }>(REGISTER, { input })).registerHousehold;
      households[key] = { id: made.id, head: made.members.find((m) => m.birthYear === 1976)!.id, child: made.members.find((m) => m.birthYear !== 1976)!.id };
    }
    const school = async (code: string, name: string, type: string) =>
      (await ok<{ registerSchool: { id: string } }>(REGISTER_SCHOOL, { input: { code, name, type, ownership: 'PUBLIC', regionCode: TOWNSHIP, inPovertyArea: true } })).registerSchool.id;
    const vocational = await school('9999023001', '技能县职业中学', 'SECONDARY_VOCATIONAL');
    const senior = await school('9999023002', '技能县高中', 'SENIOR_SECONDARY');
    const record = async (personId: string, schoolId: string, stage: string) =>
      (await ok<{ enrolStudent: { id: string } }>(ENROL_STUDENT, { input: { personId, schoolId, academicYear: YEAR, stage, grade: 1, boarding: false, enrolledOn: `${YEAR}-09-01` } })).enrolStudent.id;

    await record(households.H1!.child, vocational, 'SECONDARY_VOCATIONAL');
    const dropped = await record(households.H2!.child, vocational, 'SECONDARY_VOCATIONAL');
    await ok(DROP_OUT_STUDENT, { input: { enrolmentId: dropped, on: `${YEAR}-10-15`, reason: '外出务工' } });
    await record(households.H3!.child, senior, 'SENIOR');
    await ok(TRAIN, { input: { personId: households.H4!.head, kind: 'MIGRANT_TRANSFER', hours: 40, completedOn: '2024-04-01', employedAfter: false } });
    await ok(DETECT, { code: COUNTY });
  });
  afterAll(() => graph?.stop());

  it('leaves a household with a secondary-vocational 学籍 (no programme) off the missing list; a dropout, a senior pupil or a training without employment stay on it', async () => {
    const missing = await ok<{ householdsWithoutSkilledMember: { totalCount: number; edges: { node: { householdId: string } }[] } }>(MISSING, { code: COUNTY });
    expect(missing.householdsWithoutSkilledMember.edges.map((e) => e.node.householdId).sort()).toEqual([households.H2!.id, households.H3!.id, households.H4!.id].sort());
    expect(missing.householdsWithoutSkilledMember.totalCount).toBe(3);
    const skilled = [];
    for (const key of ['H1', 'H2', 'H3', 'H4']) {
      skilled.push((await ok<{ household: { hasSkilledMember: boolean } }>(SKILLED, { id: households[key]!.id })).household.hasSkilledMember);
    }
    expect(skilled).toEqual([true, false, false, false]);
  });

  it('counts the same households on the dashboard, and the roll-up equals the direct count', async () => {
    const dashboard = await ok<{ region: { vocationalIndicators: Record<string, number> } }>(DASHBOARD, { code: COUNTY, year: YEAR });
    expect(dashboard.region.vocationalIndicators).toEqual({ registeredHouseholds: 4, householdsWithSkilledMember: 1, householdsWithoutSkilledMember: 3 });
    const data = graph.dataWithin('vocational', COUNTY);
    expect(await vocationalCountsFromRollup(data, YEAR)).toEqual(await vocationalCounts(data, YEAR));
    expect((await vocationalCountsFromRollup(data, YEAR - 1)).householdsWithSkilledMember).toBe(0);
  });
});
