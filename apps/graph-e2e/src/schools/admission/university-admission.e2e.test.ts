import { DEMO_SCHOOLS } from '@epg/demo';
import { makeIdNumber } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 19 item 8: university admissions (高考录取) are recorded where 学籍 lives. An admission
 * follows a final-year senior 学籍 of the year before, is dated inside the admission window, is
 * one per person and year, corrected or withdrawn in place, listed by region and year, and carried
 * by a change feed (withdrawn ones too) for subsidies' university grants.
 */
const COUNTY = '360323';
const VILLAGE = '360323101201';
const SENIOR_SCHOOL = DEMO_SCHOOLS.find((s) => s.name === '芦溪县第二中学')!;
const PRIMARY_SCHOOL = DEMO_SCHOOLS.find((s) => s.name === '宣风镇中心小学')!;

const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id } } }`;
const ENROL = `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`;
const FIELDS = 'id regionCode academicYear university inProvince admittedOn status withdrawalReason enrolment { id stage } school { id }';
const RECORD = `mutation($input: RecordUniversityAdmissionInput!) { recordUniversityAdmission(input: $input) { ${FIELDS} } }`;
const CORRECT = `mutation($input: CorrectUniversityAdmissionInput!) { correctUniversityAdmission(input: $input) { ${FIELDS} } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String!) { withdrawUniversityAdmission(admissionId: $id, reason: $reason) { ${FIELDS} } }`;
const LIST = `query($region: String!, $year: Int!, $after: String) { universityAdmissions(regionCode: $region, academicYear: $year, first: 1, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id university } } } }`;
const FEED = `query($after: String) { universityAdmissionChanges(first: 500, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { admissionId personId enrolmentId schoolId regionCode academicYear university inProvince admittedOn withdrawn changedAt } } } }`;

interface Admission {
  id: string;
  regionCode: string;
  academicYear: number;
  university: string;
  inProvince: boolean;
  admittedOn: string;
  status: string;
  withdrawalReason: string | null;
  enrolment: { id: string; stage: string } | null;
  school: { id: string } | null;
}

describe('university admissions (高考录取) in the schools service', () => {
  let graph: TestGraph;
  let county: string;
  let seq = 0;
  const sql = (text: string, params: unknown[] = []) => graph.services.get('schools')!.dataSource.query(text, params);

  /** A registered child born in `year`: its person id. */
  async function child(year: number): Promise<string> {
    const n = ++seq;
    const data = await graph.succeed<{ registerHousehold: { members: { id: string }[] } }>(
      REGISTER,
      {
        input: {
          registrationNumber: `ADMIT-${n}`,
          villageCode: VILLAGE,
          category: 'POVERTY_REGISTERED',
          povertyCauses: ['ILLNESS'],
          annualIncomePerCapitaFen: 300000,
          identifiedOn: '2023-03-01',
          members: [
            { name: `户主${n}`, idNumber: makeIdNumber(COUNTY, `1978-03-${String(n).padStart(2, '0')}`, 910 + n), relationToHead: 'HEAD' },
            { name: `考生${n}`, idNumber: makeIdNumber(COUNTY, `${year}-04-${String(n).padStart(2, '0')}`, 810 + n), relationToHead: 'CHILD' },
          ],
        },
      },
      county,
    );
    return data.registerHousehold.members[1]!.id;
  }

  /** A graduating senior (grade 3 of 2025 at 芦溪县第二中学): [person id, enrolment id]. */
  async function graduatingSenior(): Promise<[string, string]> {
    const personId = await child(2008);
    const data = await graph.succeed<{ enrolStudent: { id: string } }>(
      ENROL,
      { input: { personId, schoolId: SENIOR_SCHOOL.id, academicYear: 2025, stage: 'SENIOR', grade: 3, boarding: true } },
      county,
    );
    return [personId, data.enrolStudent.id];
  }

  const admissionRows = async () => Number((await sql(`SELECT count(*)::int AS n FROM university_admission`))[0].n);

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  it('records an admission beside the senior 学籍, corrects and withdraws it, and lists and feeds it', async () => {
    const [personId, enrolmentId] = await graduatingSenior();
    const recorded = (
      await graph.succeed<{ recordUniversityAdmission: Admission }>(
        RECORD,
        { input: { personId, academicYear: 2026, university: '南昌大学', inProvince: true, admittedOn: '2026-07-20' } },
        county,
      )
    ).recordUniversityAdmission;
    expect(recorded).toMatchObject({
      regionCode: SENIOR_SCHOOL.regionCode,
      academicYear: 2026,
      university: '南昌大学',
      inProvince: true,
      admittedOn: '2026-07-20',
      status: 'ADMITTED',
      enrolment: { id: enrolmentId, stage: 'SENIOR' },
      school: { id: SENIOR_SCHOOL.id },
    });

    const corrected = (await graph.succeed<{ correctUniversityAdmission: Admission }>(CORRECT, { input: { admissionId: recorded.id, university: '北京大学', inProvince: false } }, county))
      .correctUniversityAdmission;
    expect(corrected).toMatchObject({ university: '北京大学', inProvince: false, admittedOn: '2026-07-20', status: 'ADMITTED' });

    const [secondPerson] = await graduatingSenior();
    await graph.succeed(RECORD, { input: { personId: secondPerson, academicYear: 2026, university: '江西师范大学', inProvince: true, admittedOn: '2026-08-02' } }, county);
    // The region's list, a page at a time, by admission date; a township outside sees none of it.
    const first = (await graph.succeed<{ universityAdmissions: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } }>(
      LIST,
      { region: COUNTY, year: 2026 },
      county,
    )).universityAdmissions;
    expect(first.totalCount).toBe(2);
    expect(first.edges.map((e) => e.node.id)).toEqual([recorded.id]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await graph.succeed<{ universityAdmissions: { edges: { node: { university: string } }[] } }>(LIST, { region: COUNTY, year: 2026, after: first.pageInfo.endCursor }, county))
      .universityAdmissions;
    expect(second.edges.map((e) => e.node.university)).toEqual(['江西师范大学']);
    const otherTownship = await graph.token({ role: 'TOWNSHIP', regionCode: '360323103' });
    expect((await graph.succeed<{ universityAdmissions: { totalCount: number } }>(LIST, { region: '360323103', year: 2026 }, otherTownship)).universityAdmissions.totalCount).toBe(0);

    const withdrawn = (await graph.succeed<{ withdrawUniversityAdmission: Admission }>(WITHDRAW, { id: recorded.id, reason: '放弃入学, 复读' }, county)).withdrawUniversityAdmission;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: '放弃入学, 复读' });

    // The change feed carries the latest state of each admission, withdrawn ones included.
    const service = await graph.token({ role: 'SERVICE', regionCode: '360000' });
    const feed = (await graph.succeed<{ universityAdmissionChanges: { edges: { node: Record<string, unknown> }[] } }>(FEED, {}, service)).universityAdmissionChanges;
    const latest = new Map(feed.edges.map((e) => [e.node.admissionId, e.node]));
    expect(latest.get(recorded.id)).toMatchObject({
      personId,
      enrolmentId,
      schoolId: SENIOR_SCHOOL.id,
      regionCode: SENIOR_SCHOOL.regionCode,
      academicYear: 2026,
      university: '北京大学',
      inProvince: false,
      admittedOn: '2026-07-20',
      withdrawn: true,
    });
    expect([...latest.values()].filter((n) => n.personId === secondPerson)).toEqual([expect.objectContaining({ withdrawn: false, inProvince: true })]);
    // Outside the region the feed answers nothing of it.
    const outsider = await graph.token({ role: 'COUNTY', regionCode: '360322' });
    const far = (await graph.succeed<{ universityAdmissionChanges: { edges: unknown[] } }>(FEED, {}, outsider)).universityAdmissionChanges;
    expect(far.edges).toEqual([]);

    // A withdrawn admission makes room for a new one of the same year.
    await graph.succeed(RECORD, { input: { personId, academicYear: 2026, university: '南昌大学', inProvince: true, admittedOn: '2026-08-10', enrolmentId } }, county);
  });

  it('refuses an admission without a final-year senior 学籍, outside the window, twice, or from outside the region, writing nothing', async () => {
    const [personId, enrolmentId] = await graduatingSenior();
    const pupil = await child(2016);
    await graph.succeed(ENROL, { input: { personId: pupil, schoolId: PRIMARY_SCHOOL.id, academicYear: 2025, stage: 'PRIMARY', grade: 3, boarding: false } }, county);
    const input = { personId, academicYear: 2026, university: '南昌大学', inProvince: true, admittedOn: '2026-07-20' };
    const before = await admissionRows();

    const refusals: [Record<string, unknown>, string, string, RegExp][] = [
      [{ ...input, personId: pupil }, county, 'BAD_USER_INPUT', /input\.personId: the person has no graduating or graduated senior-secondary 学籍 of 2025/],
      [{ ...input, academicYear: 2025, admittedOn: '2025-07-20' }, county, 'BAD_USER_INPUT', /no graduating or graduated senior-secondary 学籍 of 2024/],
      [{ ...input, admittedOn: '2026-03-01' }, county, 'BAD_USER_INPUT', /admittedOn.*outside the 2026 university admission window/],
      [{ ...input, university: ' ' }, county, 'BAD_USER_INPUT', /university/],
      [{ ...input, enrolmentId: '00000000-0000-4000-8000-000000000000' }, county, 'BAD_USER_INPUT', /input\.enrolmentId: 学籍 not found in your region/],
      [input, await graph.token({ role: 'COUNTY', regionCode: '360322' }), 'BAD_USER_INPUT', /in your region/],
      [input, await graph.token({ role: 'AUDITOR', regionCode: COUNTY }), 'FORBIDDEN', /./],
    ];
    for (const [variables, token, code, message] of refusals) {
      const result = await graph.graphql(RECORD, { input: variables }, token);
      expect({ variables, code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message }).toEqual({
        variables,
        code,
        message: expect.stringMatching(message),
      });
    }
    expect(await admissionRows()).toBe(before);

    const recorded = (await graph.succeed<{ recordUniversityAdmission: Admission }>(RECORD, { input: { ...input, enrolmentId } }, county)).recordUniversityAdmission;
    const twice = await graph.graphql(RECORD, { input: { ...input, university: '江西财经大学' } }, county);
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(twice.errors?.[0]?.message).toMatch(/already has a standing admission for 2026/);
    const late = await graph.graphql(CORRECT, { input: { admissionId: recorded.id, admittedOn: '2026-11-15' } }, county);
    expect(late.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const foreign = await graph.graphql(WITHDRAW, { id: recorded.id, reason: '误录' }, await graph.token({ role: 'COUNTY', regionCode: '360322' }));
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await sql(`SELECT university, status, admitted_on::text AS on FROM university_admission WHERE id = $1`, [recorded.id]))[0]).toEqual({
      university: '南昌大学',
      status: 'ADMITTED',
      on: '2026-07-20',
    });
  });

  it('moves an admission with its 学籍 when the school moves region, and carries the move in the feed', async () => {
    const school = (
      await graph.succeed<{ registerSchool: { id: string } }>(
        `mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) { id } }`,
        { input: { code: '3699000901', name: '录取测试高中', type: 'SENIOR_SECONDARY', ownership: 'PUBLIC', regionCode: '360323101', inPovertyArea: true } },
        county,
      )
    ).registerSchool.id;
    const personId = await child(2008);
    await graph.succeed(ENROL, { input: { personId, schoolId: school, academicYear: 2025, stage: 'SENIOR', grade: 3, boarding: false } }, county);
    const recorded = (
      await graph.succeed<{ recordUniversityAdmission: Admission }>(
        RECORD,
        { input: { personId, academicYear: 2026, university: '南昌大学', inProvince: true, admittedOn: '2026-07-20' } },
        county,
      )
    ).recordUniversityAdmission;
    expect(recorded.regionCode).toBe('360323101');
    await graph.succeed(`mutation($id: ID!) { updateSchool(id: $id, input: { regionCode: "360323103" }) { id } }`, { id: school }, county);
    const moved = await graph.token({ role: 'TOWNSHIP', regionCode: '360323103' });
    const list = (await graph.succeed<{ universityAdmissions: { edges: { node: { id: string } }[] } }>(LIST, { region: '360323103', year: 2026 }, moved)).universityAdmissions;
    expect(list.edges.map((e) => e.node.id)).toEqual([recorded.id]);
    const feed = (await graph.succeed<{ universityAdmissionChanges: { edges: { node: Record<string, unknown> }[] } }>(FEED, {}, moved)).universityAdmissionChanges;
    expect(feed.edges.map((e) => [e.node.admissionId, e.node.regionCode])).toEqual([[recorded.id, '360323103']]);
  });
});
