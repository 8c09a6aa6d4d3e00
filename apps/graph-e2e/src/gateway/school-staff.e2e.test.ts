import { DEMO_SCHOOLS, demoEnrolments } from '@epg/demo';
import { EnrolStudentDocument, HouseholdRosterDocument, SchoolProfileDocument, SchoolsDocument } from '@epg/graph-client';
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
    const theirs = await graph.graphql(query, { id: elsewhere.personId }, staff);
    expect((theirs.data as { person: { enrolments: unknown[]; entitlements: unknown[] } }).person).toMatchObject({ enrolments: [], entitlements: [] });
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
