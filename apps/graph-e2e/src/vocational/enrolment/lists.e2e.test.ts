import { makeIdNumber } from '@epg/domain';
import { currentAcademicYear } from '@epg/vocational';
import { giveVocationalSchoolRecord, startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 21, what vocational officers need: vocational enrolments by programme and region, the
 * 1户1人 missing list, 两后生 detected from the registry and 学籍 (not only typed by hand), and
 * employment outcomes of skills training by kind and year. Hand-computed fixtures in a village
 * of the stand-in county 999901 (no demo households there); YEAR is the current academic year:
 *
 *   household  member facts                                                 两后生      1户1人
 *   H1         child JUNIOR g3 in YEAR-2, nothing after; head MIGRANT_TRANSFER
 *              2024 outcome unknown                                          DETECTED    missing
 *   H2         child JUNIOR g3 YEAR-2, SECONDARY_VOCATIONAL YEAR-1 + programme A  —     skilled
 *   H3         child JUNIOR g3 YEAR-1, SENIOR g1 YEAR; flagged by hand anyway  — (continues) missing
 *   H4         child JUNIOR g3 YEAR-2, flagged by hand (YEAR-1)               FLAGGED     missing
 *   H5         head MIGRANT_TRANSFER 2024 employed                            —           skilled
 *   H6         head ENTREPRENEURSHIP 2024 not employed                        —           missing
 */
const COUNTY = '999901';
const BIRTHPLACE = '650102';
const TOWNSHIP = '999901100';
const VILLAGE = '999901100201';
const YEAR = currentAcademicYear();
/** 16 on 1 September of YEAR: 14 in junior grade 3 two years before. */
const CHILD_BIRTH = `${YEAR - 16}-03-10`;

const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id birthYear } } }`;
const REGISTER_SCHOOL = `mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) { id } }`;
const CREATE_PROGRAM = `mutation($input: VocationalProgramInput!) { createVocationalProgram(input: $input) { id } }`;
const ENROL_STUDENT = `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`;
const ENROL = `mutation($input: VocationalEnrolmentInput!) { enrolVocational(input: $input) { id } }`;
const TRAIN = `mutation($input: SkillsTrainingInput!) { recordSkillsTraining(input: $input) { id } }`;
const FLAG = `mutation($personId: ID!, $year: Int!) { flagNonContinuingGraduate(personId: $personId, year: $year) { personId source } }`;
const DETECT = `mutation($code: String!) { detectNonContinuingGraduates(regionCode: $code) { regionCode detected updated alreadyListed } }`;
const TWO_AFTER = `query($code: String!) { twoAfterStudentsNotEnrolled(regionCode: $code, first: 50) { totalCount edges { node { personId year source villageCode } } } }`;
const ENROLMENTS = `query($code: String!, $programId: ID, $status: VocationalEnrolmentStatus, $academicYear: Int, $first: Int!, $after: String) {
  vocationalEnrolments(regionCode: $code, programId: $programId, status: $status, academicYear: $academicYear, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id status person { id } program { id } } } } }`;
const MISSING = `query($code: String!, $first: Int!, $after: String) {
  householdsWithoutSkilledMember(regionCode: $code, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { householdId villageCode memberCount workingAgeMembers household { id } } } } }`;
const DASHBOARD = `query($code: String!, $year: Int!) { region(code: $code) { vocationalIndicators(academicYear: $year) {
  registeredHouseholds householdsWithSkilledMember householdsWithoutSkilledMember vocationalStudents } } }`;
const OUTCOMES = `query($code: String!, $year: Int!) { skillsTrainingOutcomes(regionCode: $code, year: $year) { kind year trained employed notEmployed unknown employmentRate } }`;

type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined;
let sequence = 300;
const member = (name: string, birthDate: string, relationToHead: string) => ({ name, idNumber: makeIdNumber(BIRTHPLACE, birthDate, (sequence += 2) + 1), relationToHead });

describe('vocational lists (issue 21)', () => {
  let graph: TestGraph;
  let county: string;
  const households: Record<string, { id: string; head: string; child?: string }> = {};
  let programA: string;
  let programB: string;
  let h2Enrolment: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    await graph.services
      .get('households')!
      .dataSource.query(`INSERT INTO region (code, name, level, parent_code) VALUES ($1, '示例镇', 'TOWNSHIP', $2), ($3, '示例村', 'VILLAGE', $1)`, [TOWNSHIP, COUNTY, VILLAGE]);
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
    const ok = <T>(query: string, variables: Record<string, unknown>) => graph.succeed<T>(query, variables, county);

    for (const [key, withChild] of [['H1', true], ['H2', true], ['H3', true], ['H4', true], ['H5', false], ['H6', false]] as const) {
      const members = [member(`${key}户主`, '1975-05-01', 'HEAD'), ...(withChild ? [member(`${key}子女`, CHILD_BIRTH, 'CHILD')] : [])];
      const input = { registrationNumber: `${VILLAGE}${key}`, villageCode: VILLAGE, category: 'POVERTY_REGISTERED', povertyCauses: ['LACK_OF_SKILLS'], annualIncomePerCapitaFen: 300000, identifiedOn: '2016-03-01', members };
      const made = (await ok<{ registerHousehold: { id: string; members: { id: string; birthYear: number }[] } }>(REGISTER, { input })).registerHousehold;
      households[key] = { id: made.id, head: made.members.find((m) => m.birthYear === 1975)!.id, child: made.members.find((m) => m.birthYear !== 1975)?.id };
    }
    const school = async (code: string, name: string, type: string) =>
      (await ok<{ registerSchool: { id: string } }>(REGISTER_SCHOOL, { input: { code, name, type, ownership: 'PUBLIC', regionCode: TOWNSHIP, inPovertyArea: true } })).registerSchool.id;
    const junior = await school('9999013001', '示例镇中学', 'JUNIOR_SECONDARY');
    const senior = await school('9999013002', '示例县高中', 'SENIOR_SECONDARY');
    const vocational = await school('9999013003', '示例县职业中学', 'SECONDARY_VOCATIONAL');
    const program = async (major: string) => (await ok<{ createVocationalProgram: { id: string } }>(CREATE_PROGRAM, { input: { schoolId: vocational, major, agricultural: true, durationYears: 3 } })).createVocationalProgram.id;
    programA = await program('现代农艺技术');
    programB = await program('畜禽生产技术');
    const record = (personId: string, schoolId: string, academicYear: number, stage: string, grade: number) =>
      ok(ENROL_STUDENT, { input: { personId, schoolId, academicYear, stage, grade, boarding: false } });

    await record(households.H1!.child!, junior, YEAR - 2, 'JUNIOR', 3);
    await record(households.H2!.child!, junior, YEAR - 2, 'JUNIOR', 3);
    await giveVocationalSchoolRecord(graph, county, { personId: households.H2!.child!, schoolId: vocational, academicYear: YEAR - 1 });
    h2Enrolment = (await ok<{ enrolVocational: { id: string } }>(ENROL, { input: { personId: households.H2!.child!, programId: programA, startYear: YEAR - 1, nonContinuingGraduate: true } })).enrolVocational.id;
    await record(households.H3!.child!, junior, YEAR - 1, 'JUNIOR', 3);
    await record(households.H3!.child!, senior, YEAR, 'SENIOR', 1);
    await ok(FLAG, { personId: households.H3!.child!, year: YEAR - 1 });
    await record(households.H4!.child!, junior, YEAR - 2, 'JUNIOR', 3);
    await ok(FLAG, { personId: households.H4!.child!, year: YEAR - 1 });
    await ok(TRAIN, { input: { personId: households.H1!.head, kind: 'MIGRANT_TRANSFER', hours: 40, completedOn: '2024-04-01' } });
    await ok(TRAIN, { input: { personId: households.H5!.head, kind: 'MIGRANT_TRANSFER', hours: 40, completedOn: '2024-05-01', employedAfter: true } });
    await ok(TRAIN, { input: { personId: households.H6!.head, kind: 'ENTREPRENEURSHIP', hours: 20, completedOn: '2024-06-01', employedAfter: false } });
  });
  afterAll(() => graph?.stop());

  it('detects 两后生 from the registry and 学籍, keeping hand-typed flags, and lists them until they continue', async () => {
    const first = await graph.succeed<{ detectNonContinuingGraduates: Record<string, unknown> }>(DETECT, { code: COUNTY }, county);
    // H1 is new; H4 was flagged by hand (kept); H2 and H3 continued.
    expect(first.detectNonContinuingGraduates).toEqual({ regionCode: COUNTY, detected: 1, updated: 0, alreadyListed: 1 });
    const again = await graph.succeed<{ detectNonContinuingGraduates: Record<string, unknown> }>(DETECT, { code: COUNTY }, county);
    expect(again.detectNonContinuingGraduates).toEqual({ regionCode: COUNTY, detected: 0, updated: 0, alreadyListed: 2 });

    const listed = await graph.succeed<{ twoAfterStudentsNotEnrolled: { totalCount: number; edges: { node: { personId: string; source: string } }[] } }>(TWO_AFTER, { code: COUNTY }, county);
    expect(listed.twoAfterStudentsNotEnrolled.totalCount).toBe(2);
    expect(listed.twoAfterStudentsNotEnrolled.edges.map((e) => e.node).sort((a, b) => a.personId.localeCompare(b.personId))).toEqual(
      [
        { personId: households.H1!.child!, year: YEAR - 1, source: 'DETECTED', villageCode: VILLAGE },
        { personId: households.H4!.child!, year: YEAR - 1, source: 'FLAGGED', villageCode: VILLAGE },
      ].sort((a, b) => a.personId.localeCompare(b.personId)),
    );
    const audit = await graph.services.get('vocational')!.dataSource.query(`SELECT entity_id, data_region FROM audit_entry WHERE operation = 'detectNonContinuingGraduates'`);
    expect(audit).toEqual([{ entity_id: households.H1!.child!, data_region: VILLAGE }]);
  });

  it('lists vocational enrolments of a region by programme and status, paged', async () => {
    type Page = { vocationalEnrolments: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: { id: string; status: string; person: { id: string }; program: { id: string } } }[] } };
    const ofA = await graph.succeed<Page>(ENROLMENTS, { code: COUNTY, programId: programA, first: 10 }, county);
    expect(ofA.vocationalEnrolments.totalCount).toBe(1);
    expect(ofA.vocationalEnrolments.edges.map((e) => e.node)).toEqual([{ id: h2Enrolment, status: 'ENROLLED', person: { id: households.H2!.child! }, program: { id: programA } }]);
    expect((await graph.succeed<Page>(ENROLMENTS, { code: COUNTY, programId: programB, first: 10 }, county)).vocationalEnrolments.totalCount).toBe(0);
    expect((await graph.succeed<Page>(ENROLMENTS, { code: VILLAGE, status: 'GRADUATED', first: 10 }, county)).vocationalEnrolments.totalCount).toBe(0);
    const bad = await graph.graphql(ENROLMENTS, { code: COUNTY, programId: 'not-an-id', first: 10 }, county);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const outsider = await graph.graphql(ENROLMENTS, { code: COUNTY, first: 10 }, await graph.token({ role: 'COUNTY', regionCode: '360323' }));
    expect(outsider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists the households still without a skilled member (1户1人 missing list), paged', async () => {
    type Page = { householdsWithoutSkilledMember: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { householdId: string; memberCount: number; workingAgeMembers: number; household: { id: string } } }[] } };
    const seen: Page['householdsWithoutSkilledMember']['edges'][number]['node'][] = [];
    let after: string | null = null;
    let total = -1;
    do {
      const page: Page = await graph.succeed<Page>(MISSING, { code: COUNTY, first: 3, after }, county);
      total = page.householdsWithoutSkilledMember.totalCount;
      seen.push(...page.householdsWithoutSkilledMember.edges.map((e) => e.node));
      after = page.householdsWithoutSkilledMember.pageInfo.hasNextPage ? page.householdsWithoutSkilledMember.pageInfo.endCursor : null;
    } while (after);
    const expected = ['H1', 'H3', 'H4', 'H6'].map((k) => ({
      householdId: households[k]!.id,
      villageCode: VILLAGE,
      memberCount: k === 'H6' ? 1 : 2,
      workingAgeMembers: k === 'H6' ? 1 : 2,
      household: { id: households[k]!.id },
    }));
    expect(total).toBe(4);
    for (const after of ['not-a-cursor', Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url')]) {
      const foreign = await graph.graphql(MISSING, { code: COUNTY, first: 3, after }, county);
      expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const enrolments = await graph.graphql(ENROLMENTS, { code: COUNTY, first: 3, after }, county);
      expect(enrolments.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(seen).toEqual(expected.sort((a, b) => a.householdId.localeCompare(b.householdId)));
  });

  it('reports employment outcomes of skills training by kind for a year', async () => {
    const result = await graph.succeed<{ skillsTrainingOutcomes: Record<string, unknown>[] }>(OUTCOMES, { code: COUNTY, year: 2024 }, county);
    expect(result.skillsTrainingOutcomes).toEqual([
      { kind: 'NEW_PROFESSIONAL_FARMER', year: 2024, trained: 0, employed: 0, notEmployed: 0, unknown: 0, employmentRate: null },
      { kind: 'MIGRANT_TRANSFER', year: 2024, trained: 2, employed: 1, notEmployed: 0, unknown: 1, employmentRate: 0.5 },
      { kind: 'PRACTICAL_TECHNIQUE', year: 2024, trained: 0, employed: 0, notEmployed: 0, unknown: 0, employmentRate: null },
      { kind: 'ENTREPRENEURSHIP', year: 2024, trained: 1, employed: 0, notEmployed: 1, unknown: 0, employmentRate: 0 },
      { kind: 'RAIN_DEW', year: 2024, trained: 0, employed: 0, notEmployed: 0, unknown: 0, employmentRate: null },
    ]);
    const other = await graph.succeed<{ skillsTrainingOutcomes: { trained: number }[] }>(OUTCOMES, { code: COUNTY, year: 2023 }, county);
    expect(other.skillsTrainingOutcomes.every((r) => r.trained === 0)).toBe(true);
    const future = await graph.graphql(OUTCOMES, { code: COUNTY, year: 2099 }, county);
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((future.errors as Errors)?.[0]?.message).toMatch(/year/);
  });

  it("gives the dashboard's vocational figures by the lists' definitions", async () => {
    const dashboard = await graph.succeed<{ region: { vocationalIndicators: Record<string, number> } }>(DASHBOARD, { code: COUNTY, year: YEAR }, county);
    const missing = await graph.succeed<{ householdsWithoutSkilledMember: { totalCount: number } }>(MISSING, { code: COUNTY, first: 1 }, county);
    const students = await graph.succeed<{ vocationalEnrolments: { totalCount: number } }>(ENROLMENTS, { code: COUNTY, academicYear: YEAR, first: 1 }, county);
    const before = await graph.succeed<{ vocationalEnrolments: { totalCount: number } }>(ENROLMENTS, { code: COUNTY, academicYear: YEAR - 2, first: 1 }, county);
    expect(dashboard.region.vocationalIndicators).toEqual({
      registeredHouseholds: 6,
      householdsWithSkilledMember: 2,
      householdsWithoutSkilledMember: missing.householdsWithoutSkilledMember.totalCount,
      vocationalStudents: students.vocationalEnrolments.totalCount,
    });
    expect([missing.householdsWithoutSkilledMember.totalCount, students.vocationalEnrolments.totalCount, before.vocationalEnrolments.totalCount]).toEqual([4, 1, 0]);
  });
});
