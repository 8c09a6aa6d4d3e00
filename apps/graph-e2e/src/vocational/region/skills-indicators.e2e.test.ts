import { makeIdNumber } from '@epg/domain';
import { endVocationalSchoolRecord, giveVocationalSchoolRecord, startTestGraph, type TestGraph } from '../../support';

/**
 * Hand-computed fixtures in a village of the stand-in county 999901 (no demo households there):
 *
 *   household  member facts                                              1户1人 now | by 2022 | by 2023
 *   H1         child 2008-03-10 ENROLLED from 2023                        true       | false   | true
 *   H2         head MIGRANT_TRANSFER 2022-05-01 employed; spouse
 *              PRACTICAL_TECHNIQUE without certificate                    true       | true    | true
 *   H3         head PRACTICAL_TECHNIQUE certificate 2024-03-01            true       | false   | true
 *   H4         head ENTREPRENEURSHIP not employed; child from 2021,
 *              WITHDRAWN 2023-03-01 (academic year 2022)                  false      | false   | false
 *   H5         child from 2021, GRADUATED 2024-06-28 (2023), employed     true       | true    | true
 *   H6         child from 2021, GRADUATED 2024-06-30 (2023), not employed true       | true    | true
 *   H7         nothing                                                    false      | false   | false
 *   H8         head MIGRANT_TRANSFER employed, household then REMOVED     null       | (not registered)
 *
 * 2023: 7 registered, 5 skilled; students H1, H5, H6 = 3; graduates H5, H6 = 2; employed 1 → 50%.
 * 2022: 7 registered, 3 skilled; students H4, H5, H6 = 3; no graduates → no employment rate.
 */
const COUNTY = '999901';
/** Where the members' ID numbers were issued: a real place (ID numbers name a province), none of the demo's. */
const BIRTHPLACE = '650102';
const TOWNSHIP = '999901100';
const VILLAGE = '999901100201';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id birthYear } } }
`;
const REMOVE = /* GraphQL */ `
  mutation Remove($id: ID!) { changeHouseholdStatus(householdId: $id, status: REMOVED, on: "2024-01-01", reason: "识别不准") { id status } }
`;
const CREATE_PROGRAM = /* GraphQL */ `
  mutation CreateVocationalProgram($input: VocationalProgramInput!) { createVocationalProgram(input: $input) { id } }
`;
const REGISTER_SCHOOL = /* GraphQL */ `
  mutation RegisterSchool($input: RegisterSchoolInput!) { registerSchool(input: $input) { id } }
`;
const ENROL = /* GraphQL */ `
  mutation EnrolVocational($input: VocationalEnrolmentInput!) { enrolVocational(input: $input) { id } }
`;
const GRADUATE = /* GraphQL */ `
  mutation Graduate($id: ID!, $on: Date!) { graduateVocational(enrolmentId: $id, graduatedOn: $on) { status } }
`;
const WITHDRAW = /* GraphQL */ `
  mutation Withdraw($id: ID!, $on: Date!) { withdrawVocational(enrolmentId: $id, withdrawnOn: $on) { status } }
`;
const OUTCOME = /* GraphQL */ `
  mutation Outcome($id: ID!, $employed: Boolean!, $employer: String, $since: Date) {
    recordEmploymentOutcome(enrolmentId: $id, employed: $employed, employer: $employer, since: $since) { status }
  }
`;
const TRAIN = /* GraphQL */ `
  mutation RecordSkillsTraining($input: SkillsTrainingInput!) { recordSkillsTraining(input: $input) { id } }
`;
const HOUSEHOLD_SKILLS = /* GraphQL */ `
  query HouseholdSkills($id: ID!) {
    household(id: $id) {
      id
      registrationNumber
      hasSkilledMember
      members {
        id
        name
        vocationalEnrolments { status yearOfStudy program { major agricultural school { name } } }
        skillsTrainings { kind hours completedOn employedAfter }
      }
    }
  }
`;
const HOUSEHOLDS = /* GraphQL */ `
  query Households($regionCode: String!) {
    households(filter: { regionCode: $regionCode }, first: 20) { edges { node { registrationNumber hasSkilledMember } } }
  }
`;
const INDICATORS = /* GraphQL */ `
  query Indicators($code: String!, $year: Int!) {
    region(code: $code) {
      code
      vocationalIndicators(academicYear: $year) {
        academicYear registeredHouseholds householdsWithSkilledMember oneHouseholdOneSkillRate
        vocationalStudents graduates employed employmentRate employmentRateTarget meetsEmploymentTarget projectionRefreshedAt
      }
    }
  }
`;

type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined;
function ok<T>(result: { data?: T | null; errors?: Errors }): T {
  expect(result.errors).toBeUndefined();
  return result.data!;
}

let sequence = 100;
function member(name: string, birthDate: string, relationToHead: string) {
  sequence += 2;
  return { name, idNumber: makeIdNumber(BIRTHPLACE, birthDate, sequence + 1), relationToHead };
}

describe('1户1人 and vocational indicators against hand-computed fixtures', () => {
  let graph: TestGraph;
  let county: string;
  const households: Record<string, { id: string; members: { id: string; birthYear: number }[] }> = {};
  // The members of a fixture household are born in different years (a COUNTY clerk sees birth years only).
  const personBorn = (h: string, birthDate: string) => households[h]!.members.find((m) => m.birthYear === Number(birthDate.slice(0, 4)))!.id;

  beforeAll(async () => {
    graph = await startTestGraph();
    await graph.services
      .get('households')!
      .dataSource.query(`INSERT INTO region (code, name, level, parent_code) VALUES ($1, '示例镇', 'TOWNSHIP', $2), ($3, '示例村', 'VILLAGE', $1)`, [
        TOWNSHIP,
        COUNTY,
        VILLAGE,
      ]);
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });

    const register = async (key: string, members: ReturnType<typeof member>[]) => {
      const input = {
        registrationNumber: `${VILLAGE}${key}`,
        villageCode: VILLAGE,
        category: 'POVERTY_REGISTERED',
        povertyCauses: ['LACK_OF_SKILLS'],
        annualIncomePerCapitaFen: 300000,
        identifiedOn: '2016-03-01',
        members,
      };
      households[key] = ok(await graph.graphql<{ registerHousehold: (typeof households)[string] }>(REGISTER, { input }, county)).registerHousehold;
    };
    await register('H1', [member('甲一', '1975-05-01', 'HEAD'), member('甲二', '2008-03-10', 'CHILD')]);
    await register('H2', [member('乙一', '1980-01-01', 'HEAD'), member('乙二', '1982-02-02', 'SPOUSE')]);
    await register('H3', [member('丙一', '1970-06-01', 'HEAD')]);
    await register('H4', [member('丁一', '1985-02-02', 'HEAD'), member('丁二', '2007-01-01', 'CHILD')]);
    await register('H5', [member('戊一', '1990-01-01', 'HEAD'), member('戊二', '2005-06-01', 'CHILD')]);
    await register('H6', [member('己一', '1988-03-03', 'HEAD'), member('己二', '2005-02-02', 'CHILD')]);
    await register('H7', [member('庚一', '1966-07-07', 'HEAD')]);
    await register('H8', [member('辛一', '1979-09-09', 'HEAD')]);

    const schoolId = ok(
      await graph.graphql<{ registerSchool: { id: string } }>(
        REGISTER_SCHOOL,
        { input: { code: '9999011001', name: '示例县职业中学', type: 'SECONDARY_VOCATIONAL', ownership: 'PUBLIC', regionCode: TOWNSHIP, inPovertyArea: true } },
        county,
      ),
    ).registerSchool.id;
    const programId = ok(
      await graph.graphql<{ createVocationalProgram: { id: string } }>(
        CREATE_PROGRAM,
        { input: { schoolId, major: '现代农艺技术', agricultural: true, durationYears: 3 } },
        county,
      ),
    ).createVocationalProgram.id;

    const enrol = async (personId: string, startYear: number) => {
      await giveVocationalSchoolRecord(graph, county, { personId, schoolId, academicYear: startYear });
      return ok(await graph.graphql<{ enrolVocational: { id: string } }>(ENROL, { input: { personId, programId, startYear, nonContinuingGraduate: true } }, county))
        .enrolVocational.id;
    };
    const train = async (personId: string, kind: string, completedOn: string, employedAfter: boolean | null, certificate: string | null = null) =>
      ok(await graph.graphql(TRAIN, { input: { personId, kind, hours: 40, completedOn, employedAfter, certificate } }, county));

    await enrol(personBorn('H1', '2008-03-10'), 2023);
    await train(personBorn('H2', '1980-01-01'), 'MIGRANT_TRANSFER', '2022-05-01', true);
    await train(personBorn('H2', '1982-02-02'), 'PRACTICAL_TECHNIQUE', '2021-04-01', null);
    await train(personBorn('H3', '1970-06-01'), 'PRACTICAL_TECHNIQUE', '2024-03-01', null, '油茶种植技术');
    await train(personBorn('H4', '1985-02-02'), 'ENTREPRENEURSHIP', '2022-06-01', false);
    // The schools ledger ends each 学籍 first (it owns them), then the programme assignment.
    const h4 = await enrol(personBorn('H4', '2007-01-01'), 2021);
    await endVocationalSchoolRecord(graph, county, { personId: personBorn('H4', '2007-01-01'), schoolId, on: '2023-03-01', how: 'DROPPED_OUT' });
    ok(await graph.graphql(WITHDRAW, { id: h4, on: '2023-03-01' }, county));
    const h5 = await enrol(personBorn('H5', '2005-06-01'), 2021);
    await endVocationalSchoolRecord(graph, county, { personId: personBorn('H5', '2005-06-01'), schoolId, on: '2024-06-28', how: 'GRADUATED' });
    ok(await graph.graphql(GRADUATE, { id: h5, on: '2024-06-28' }, county));
    ok(await graph.graphql(OUTCOME, { id: h5, employed: true, employer: '萍乡电瓷厂', since: '2024-07-15' }, county));
    const h6 = await enrol(personBorn('H6', '2005-02-02'), 2021);
    await endVocationalSchoolRecord(graph, county, { personId: personBorn('H6', '2005-02-02'), schoolId, on: '2024-06-30', how: 'GRADUATED' });
    ok(await graph.graphql(GRADUATE, { id: h6, on: '2024-06-30' }, county));
    ok(await graph.graphql(OUTCOME, { id: h6, employed: false }, county));
    await train(personBorn('H8', '1979-09-09'), 'MIGRANT_TRANSFER', '2020-01-01', true);
    ok(await graph.graphql(REMOVE, { id: households.H8!.id }, county));
    // The households' facts reach the vocational projection in the background (no read refreshes it).
    await graph.projectionsCaughtUp();
  });
  afterAll(() => graph?.stop());

  it('answers HouseholdSkills with the members’ vocational records', async () => {
    const data = ok(await graph.graphql<{ household: unknown }>(HOUSEHOLD_SKILLS, { id: households.H1!.id }, county));
    expect(data.household).toEqual({
      id: households.H1!.id,
      registrationNumber: `${VILLAGE}H1`,
      hasSkilledMember: true,
      members: [
        { id: personBorn('H1', '1975-05-01'), name: '甲一', vocationalEnrolments: [], skillsTrainings: [] },
        {
          id: personBorn('H1', '2008-03-10'),
          name: '甲二',
          vocationalEnrolments: [
            { status: 'ENROLLED', yearOfStudy: 3, program: { major: '现代农艺技术', agricultural: true, school: { name: '示例县职业中学' } } },
          ],
          skillsTrainings: [],
        },
      ],
    });
  });

  it('computes hasSkilledMember for every fixture household, in one statement per batch', async () => {
    // Warm the projection, then count the statements of one page of households.
    ok(await graph.graphql(HOUSEHOLDS, { regionCode: VILLAGE }, county));
    const sql = graph.services.get('vocational')!.sql;
    sql.reset();
    const data = ok(
      await graph.graphql<{ households: { edges: { node: { registrationNumber: string; hasSkilledMember: boolean | null } }[] } }>(
        HOUSEHOLDS,
        { regionCode: VILLAGE },
        county,
      ),
    );
    const byKey = Object.fromEntries(data.households.edges.map((e) => [e.node.registrationNumber.slice(VILLAGE.length), e.node.hasSkilledMember]));
    expect(byKey).toEqual({ H1: true, H2: true, H3: true, H4: false, H5: true, H6: true, H7: false, H8: null });
    // One statement for the whole batch: no read checks or refreshes the projection.
    expect(sql.total).toBe(1);
  });

  it('hides hasSkilledMember from a caller of another county', async () => {
    const other = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const result = await graph.graphql<{ household: { hasSkilledMember: boolean | null } | null }>(HOUSEHOLD_SKILLS, { id: households.H1!.id }, other);
    expect(result.data?.household?.hasSkilledMember ?? null).toBeNull();
  });

  it('reports the 2023 indicators of the county and its township', async () => {
    const expected = {
      academicYear: 2023,
      registeredHouseholds: 7,
      householdsWithSkilledMember: 5,
      oneHouseholdOneSkillRate: 5 / 7,
      vocationalStudents: 3,
      graduates: 2,
      employed: 1,
      employmentRate: 0.5,
      employmentRateTarget: 0.9,
      meetsEmploymentTarget: false,
    };
    for (const code of [COUNTY, TOWNSHIP]) {
      const data = ok(await graph.graphql<{ region: { vocationalIndicators: Record<string, unknown> } }>(INDICATORS, { code, year: 2023 }, county));
      const { projectionRefreshedAt, ...indicators } = data.region.vocationalIndicators;
      expect(indicators).toEqual(expected);
      expect(typeof projectionRefreshedAt).toBe('string');
    }
  });

  it('reports the 2022 indicators: facts after the year do not count', async () => {
    const data = ok(await graph.graphql<{ region: { vocationalIndicators: Record<string, unknown> } }>(INDICATORS, { code: COUNTY, year: 2022 }, county));
    expect(data.region.vocationalIndicators).toMatchObject({
      registeredHouseholds: 7,
      householdsWithSkilledMember: 3,
      oneHouseholdOneSkillRate: 3 / 7,
      vocationalStudents: 3,
      graduates: 0,
      employed: 0,
      employmentRate: null,
      meetsEmploymentTarget: null,
    });
  });

  it('gives no indicators for a region above or outside the caller scope', async () => {
    const township = await graph.token({ role: 'TOWNSHIP', regionCode: TOWNSHIP });
    const above = await graph.graphql<{ region: { vocationalIndicators: unknown } | null }>(INDICATORS, { code: COUNTY, year: 2023 }, township);
    expect(above.data?.region?.vocationalIndicators ?? null).toBeNull();
    const outside = await graph.graphql<{ region: { vocationalIndicators: unknown } | null }>(INDICATORS, { code: '360323', year: 2023 }, county);
    expect(outside.data?.region?.vocationalIndicators ?? null).toBeNull();
    const own = ok(await graph.graphql<{ region: { vocationalIndicators: { registeredHouseholds: number } } }>(INDICATORS, { code: TOWNSHIP, year: 2023 }, township));
    expect(own.region.vocationalIndicators.registeredHouseholds).toBe(7);
  });
});
