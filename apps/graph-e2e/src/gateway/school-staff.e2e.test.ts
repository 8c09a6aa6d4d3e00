import { internalBodyHash, parsePrincipal, signInternalToken } from '@epg/auth';
import { DEMO_SCHOOLS, demoEnrolments, demoHouseholds } from '@epg/demo';
import { EnrolStudentDocument, HouseholdRosterDocument, SchoolProfileDocument, SchoolsDocument } from '@epg/graph-client';
import { INTERNAL_TOKEN_HEADER } from '@epg/subgraph-kit';
import { startTestGraph, type TestGraph } from '../support';

/** SCHOOL staff see and act on their own school only: its students, teachers and entitlements. */
describe('school staff', () => {
  let graph: TestGraph;
  let staff: string;
  const own = DEMO_SCHOOLS.find((s) => s.name === '芦溪小学')!;
  const other = DEMO_SCHOOLS.find((s) => s.name === '花园小学')!;

  beforeAll(async () => {
    graph = await startTestGraph();
    const county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    await graph.graphql(`mutation { computeEntitlements(regionCode: "360323", academicYear: 2023) { created } }`, {}, county);
    // Both schools lie in 芦溪镇: region scope alone would show both.
    expect(own.regionCode).toBe(other.regionCode);
    staff = await graph.token({ role: 'SCHOOL', regionCode: own.regionCode, schoolId: own.id, subject: 'teacher-wang' });
  });
  afterAll(() => graph?.stop());

  it('reads its own school with its teachers and subsidy totals, and nothing of the school next door', async () => {
    const mine = await graph.graphql(SchoolProfileDocument, { id: own.id, academicYear: 2023 }, staff);
    expect(mine.errors).toBeUndefined();
    expect(mine.data?.school?.name).toBe('芦溪小学');
    expect(mine.data?.school?.teachers?.length).toBeGreaterThan(0);
    expect(mine.data?.school?.subsidyTotals?.students).toBeGreaterThan(0);
    const theirs = await graph.graphql(SchoolProfileDocument, { id: other.id, academicYear: 2023 }, staff);
    expect(theirs.data?.school ?? null).toBeNull();
  });

  it("sees its students' enrolments at its own school only", async () => {
    const student = demoEnrolments(2023).find((e) => e.schoolId === own.id)!;
    const everAtOwn = new Set([...demoEnrolments(2022), ...demoEnrolments(2023)].filter((e) => e.schoolId === own.id).map((e) => e.personId));
    const elsewhere = demoEnrolments(2023).find((e) => e.schoolId === other.id && !everAtOwn.has(e.personId))!;
    const query = `query($id: ID!) { person(id: $id) { enrolments { school { id } } entitlements(academicYear: 2023) { ruleCode } } }`;
    const mine = await graph.graphql(query, { id: student.personId }, staff);
    const enrolments = (mine.data as { person: { enrolments: { school: { id: string } }[] } }).person.enrolments;
    expect(enrolments.length).toBeGreaterThan(0);
    expect(enrolments.every((e) => e.school.id === own.id)).toBe(true);
    // Not a pupil of theirs: the person answers as a missing id would (null), so nothing of them shows.
    const theirs = await graph.graphql(query, { id: elsewhere.personId }, staff);
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data).toEqual({ person: null });
  });

  describe('households: their own pupils and those pupils\' households only (issue 18 item 7)', () => {
    const everAtOwn = new Set([...demoEnrolments(2022), ...demoEnrolments(2023)].filter((e) => e.schoolId === own.id).map((e) => e.personId));
    const households = demoHouseholds();
    const pupilHousehold = households.find((h) => h.villageCode.startsWith(own.regionCode) && h.members.some((m) => everAtOwn.has(m.id)) && h.members.some((m) => !everAtOwn.has(m.id)))!;
    const pupil = pupilHousehold.members.find((m) => everAtOwn.has(m.id))!;
    const sibling = pupilHousehold.members.find((m) => !everAtOwn.has(m.id))!;
    /** A household of the school's own township with no pupil of the school in it. */
    // A household of the school's township with no pupil of the school, and a child of 2019 (6 or 7 on
    // 1 September 2026: a plausible first-grader of the open year) for the enrolment test.
    const stranger = households.find(
      (h) => h.villageCode.startsWith(own.regionCode) && h.members.every((m) => !everAtOwn.has(m.id)) && h.members.some((m) => m.birthDate.startsWith('2019')),
    )!;
    const missing = '00000000-0000-4000-8000-000000000000';
    const READ = `query($person: ID!, $household: ID!) {
      person(id: $person) { id name household { id registrationNumber } }
      household(id: $household) { id registrationNumber members { id } }
    }`;

    it("reads a pupil, the pupil's household and, among its members, the school's pupils only", async () => {
      const result = await graph.graphql(READ, { person: pupil.id, household: pupilHousehold.id }, staff);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        person: { id: pupil.id, name: pupil.name, household: { id: pupilHousehold.id, registrationNumber: pupilHousehold.registrationNumber } },
        household: {
          id: pupilHousehold.id,
          registrationNumber: pupilHousehold.registrationNumber,
          members: expect.arrayContaining([{ id: pupil.id }]),
        },
      });
      const members = (result.data as { household: { members: { id: string }[] } }).household.members;
      expect(members.every((m) => everAtOwn.has(m.id))).toBe(true);
      expect(members.some((m) => m.id === sibling.id)).toBe(false);
    });

    it('answers any other person or household of its region as it answers an id that does not exist', async () => {
      const absent = await graph.graphql(READ, { person: missing, household: missing }, staff);
      expect(absent).toMatchObject({ data: { person: null, household: null } });
      for (const [person, household] of [[sibling.id, stranger.id], [stranger.members[0]!.id, stranger.id]] as const) {
        const result = await graph.graphql(READ, { person, household }, staff);
        expect(result.errors).toEqual(absent.errors);
        expect(result.data).toEqual(absent.data);
      }
      // The county still reads them all.
      const county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
      const all = await graph.graphql(READ, { person: sibling.id, household: stranger.id }, county);
      expect((all.data as { person: { id: string }; household: { id: string } })).toMatchObject({ person: { id: sibling.id }, household: { id: stranger.id } });
    });

    it("resolves persons and households by reference (the schools' rosters) for its pupils only", async () => {
      // What the gateway sends the households subgraph for `enrolment { person { name household { … } } }`.
      const request = JSON.stringify({
          query: `query($r: [_Any!]!) { _entities(representations: $r) {
            ... on Person { id name household { registrationNumber } }
            ... on Household { id registrationNumber } } }`,
          variables: {
            r: [
              { __typename: 'Person', id: pupil.id },
              { __typename: 'Person', id: sibling.id },
              { __typename: 'Person', id: missing },
              { __typename: 'Household', id: pupilHousehold.id },
              { __typename: 'Household', id: stranger.id },
            ],
          },
        });
      const token = await signInternalToken(
        { principal: parsePrincipal({ subject: 'teacher-wang', role: 'SCHOOL', regionCode: own.regionCode, schoolId: own.id, scopes: [] }), requestId: 'roster' },
        { audience: 'households', bodyHash: internalBodyHash(request) },
        graph.auth,
      );
      const response = await fetch(graph.services.get('households')!.server!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token },
        body: request,
      });
      const body = (await response.json()) as { data?: { _entities: unknown[] }; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      expect(body.data?._entities).toEqual([
        { id: pupil.id, name: pupil.name, household: { registrationNumber: pupilHousehold.registrationNumber } },
        null,
        null,
        { id: pupilHousehold.id, registrationNumber: pupilHousehold.registrationNumber },
        null,
      ]);
    });

    it('sees a pupil it has just enrolled within seconds (the background consumer follows the enrolment feed; reads never refresh)', async () => {
      const newcomer = stranger.members.find((m) => m.birthDate.startsWith('2019'))!;
      const enrol = await graph.graphql(
        EnrolStudentDocument,
        { input: { personId: newcomer.id, schoolId: own.id, academicYear: 2026, stage: 'PRIMARY', grade: 1, boarding: false } },
        staff,
      );
      expect(enrol.errors).toBeUndefined();
      const enrolledAt = Date.now();
      let read = await graph.graphql(READ, { person: newcomer.id, household: stranger.id }, staff);
      while ((read.data as { person: unknown } | undefined)?.person == null && Date.now() - enrolledAt < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        read = await graph.graphql(READ, { person: newcomer.id, household: stranger.id }, staff);
      }
      expect(read.errors).toBeUndefined();
      expect(read.data).toMatchObject({ person: { id: newcomer.id }, household: { id: stranger.id, members: [{ id: newcomer.id }] } });
    });
  });

  it('cannot list the region, run batch jobs, or enrol into another school', async () => {
    for (const [document, variables] of [
      [SchoolsDocument, { filter: { regionCode: own.regionCode }, first: 5 }],
      [HouseholdRosterDocument, { filter: { regionCode: own.regionCode }, first: 5 }],
    ] as const) {
      const result = await graph.graphql(document, variables, staff);
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const scan = await graph.graphql(`mutation { scanForDropouts(regionCode: "${own.regionCode}", academicYear: 2023) { opened } }`, {}, staff);
    expect(scan.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const student = demoEnrolments(2023).find((e) => e.schoolId === own.id)!;
    const enrol = await graph.graphql(
      EnrolStudentDocument,
      { input: { personId: student.personId, schoolId: other.id, academicYear: 2031, stage: 'PRIMARY', grade: 1, boarding: false } },
      staff,
    );
    expect(enrol.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a SCHOOL token that names no school', async () => {
    const nameless = await graph.token({ role: 'SCHOOL', regionCode: own.regionCode });
    const result = await graph.graphql(`{ school(id: "${own.id}") { name } }`, {}, nameless);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
