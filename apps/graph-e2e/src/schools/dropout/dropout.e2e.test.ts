import { startTestGraph, type TestGraph } from '../../support';
import { ageAtAcademicYearStart, isCompulsorySchoolAge } from '@epg/domain';
import { DEMO_SCHOOLS, demoEnrolments, demoHouseholds } from '@epg/demo';
import { ProjectionStateEntity, RegisteredChildEntity } from '@epg/schools';

const SCAN = /* GraphQL */ `
  mutation ScanForDropouts($regionCode: String!, $academicYear: Int!) {
    scanForDropouts(regionCode: $regionCode, academicYear: $academicYear) { opened alreadyOpen closedAsEnrolled }
  }
`;

const CASES = /* GraphQL */ `
  query DropoutCases($regionCode: String!, $status: DropoutCaseStatus, $first: Int!, $after: String) {
    dropoutCases(regionCode: $regionCode, status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id status openedOn person { id name birthYear } actions { kind on note } } }
    }
  }
`;

const ACTION = /* GraphQL */ `
  mutation RecordDropoutAction($caseId: ID!, $kind: DropoutActionKind!, $on: Date!, $note: String!) {
    recordDropoutAction(caseId: $caseId, kind: $kind, on: $on, note: $note) { id status actions { kind on note } }
  }
`;

const ENROL = /* GraphQL */ `
  mutation EnrolStudent($input: EnrolStudentInput!) { enrolStudent(input: $input) { id status } }
`;

type CasePage = {
  dropoutCases: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string; status: string; openedOn: string; person: { id: string; name: string; birthYear: number }; actions: unknown[] } }[];
  };
};

const YEAR = 2023;
const COUNTY = '360323';

/** The demo county's registered school-age children the demo enrolments leave out (hand-derivable from the generators). */
function unenrolledChildren() {
  const enrolled = new Set(demoEnrolments(YEAR).map((e) => e.personId));
  return demoHouseholds()
    .filter((h) => h.statusHistory[h.statusHistory.length - 1]!.status !== 'REMOVED')
    .flatMap((h) => h.members.map((m) => ({ ...m, villageCode: h.villageCode })))
    // A child 16 at the start of the next year has aged out of a year that is over: no case is opened.
    .filter((m) => isCompulsorySchoolAge(m.birthDate, YEAR) && ageAtAcademicYearStart(m.birthDate, YEAR + 1) <= 15 && !enrolled.has(m.id));
}

describe('dropout control (控辍保学)', () => {
  let graph: TestGraph;
  let county: string;
  const missing = unenrolledChildren();

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  it('has a realistic handful of unenrolled children in the demo data', () => {
    expect(missing.length).toBeGreaterThan(5);
    expect(missing.length).toBeLessThan(80);
  });

  it('refuses read-only roles and regions outside the caller scope', async () => {
    const auditor = await graph.token({ role: 'AUDITOR', regionCode: COUNTY });
    expect((await graph.graphql(SCAN, { regionCode: COUNTY, academicYear: YEAR }, auditor)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await graph.graphql(SCAN, { regionCode: '420102', academicYear: YEAR }, county)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await graph.graphql(SCAN, { regionCode: COUNTY, academicYear: 1999 }, county);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'academicYear' }] });
  });

  it('projects the registered children from the households feed and opens a case for each unenrolled one', async () => {
    const result = await graph.graphql(SCAN, { regionCode: COUNTY, academicYear: YEAR }, county);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ scanForDropouts: { opened: missing.length, alreadyOpen: 0, closedAsEnrolled: 0 } });
    const ds = graph.services.get('schools')!.dataSource;
    const people = demoHouseholds().reduce((n, h) => n + h.members.length, 0);
    expect(await ds.getRepository(RegisteredChildEntity).count()).toBe(people);
    const state = await ds.getRepository(ProjectionStateEntity).findOneByOrFail({ feed: 'households.personChanges', regionCode: '360000' }); // the province cursor the background consumer follows
    expect(state.cursor).toEqual(expect.any(String));
    expect(state.refreshedAt).toBeInstanceOf(Date);
  });

  it('leaves open cases alone on a second scan', async () => {
    const result = await graph.graphql(SCAN, { regionCode: COUNTY, academicYear: YEAR }, county);
    expect(result.data).toEqual({ scanForDropouts: { opened: 0, alreadyOpen: missing.length, closedAsEnrolled: 0 } });
  });

  it('closes the case of a child who is enrolled after all', async () => {
    const child = missing.find((m) => m.birthDate >= '2013-09-01' && m.birthDate <= '2016-08-31')!;
    const township = child.villageCode.slice(0, 9);
    const school = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY' && s.regionCode === township) ?? DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY')!;
    const enrol = await graph.graphql(
      ENROL,
      { input: { personId: child.id, schoolId: school.id, academicYear: YEAR, stage: 'PRIMARY', grade: 2, boarding: false } },
      county,
    );
    expect(enrol.errors).toBeUndefined();
    const result = await graph.graphql(SCAN, { regionCode: COUNTY, academicYear: YEAR }, county);
    expect(result.data).toEqual({ scanForDropouts: { opened: 0, alreadyOpen: missing.length - 1, closedAsEnrolled: 1 } });
    const closed = await graph.graphql<CasePage>(CASES, { regionCode: COUNTY, status: 'CLOSED', first: 5 }, county);
    expect(closed.data!.dropoutCases.totalCount).toBe(1);
    expect(closed.data!.dropoutCases.edges[0]!.node.person.id).toBe(child.id);
  });

  it('lists the cases in pages, with each child resolved by the households service', async () => {
    const seen: CasePage['dropoutCases']['edges'][number]['node'][] = [];
    let after: string | null = null;
    for (let i = 0; i < 40; i++) {
      const page: { data?: CasePage | null; errors?: unknown } = await graph.graphql<CasePage>(
        CASES,
        { regionCode: COUNTY, status: 'SUSPECTED', first: 7, after },
        county,
      );
      expect(page.errors).toBeUndefined();
      expect(page.data!.dropoutCases.totalCount).toBe(missing.length - 1);
      seen.push(...page.data!.dropoutCases.edges.map((e) => e.node));
      if (!page.data!.dropoutCases.pageInfo.hasNextPage) break;
      after = page.data!.dropoutCases.pageInfo.endCursor;
    }
    expect(new Set(seen.map((c) => c.id)).size).toBe(missing.length - 1);
    const byId = new Map(missing.map((m) => [m.id, m]));
    for (const c of seen) {
      const child = byId.get(c.person.id);
      expect(child).toBeDefined();
      expect(c.person).toEqual({ id: child!.id, name: child!.name, birthYear: Number(child!.birthDate.slice(0, 4)) });
      expect(c.status).toBe('SUSPECTED');
    }
  });

  it('works a case SUSPECTED → CONFIRMED → PERSUADING → RETURNED → CLOSED and refuses illegal moves', async () => {
    const list = await graph.graphql<CasePage>(CASES, { regionCode: COUNTY, status: 'SUSPECTED', first: 100 }, county);
    // A child of primary age, so the return can be an enrolment at a primary school.
    const node = list.data!.dropoutCases.edges
      .map((e) => e.node)
      .find((c) => {
        const age = ageAtAcademicYearStart(missing.find((m) => m.id === c.person.id)!.birthDate, YEAR);
        return age >= 7 && age <= 11;
      })!;
    const child = missing.find((m) => m.id === node.person.id)!;
    const caseId = node.id;
    const openedOn = node.openedOn;
    const act = (kind: string, note: string, token = county, on = openedOn) => graph.graphql(ACTION, { caseId, kind, on, note }, token);

    const early = await act('CLOSED', '直接销号');
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'kind' }] });

    expect((await act('HOME_VISIT', '入户核实: 在家务农')).data).toMatchObject({ recordDropoutAction: { status: 'CONFIRMED' } });
    expect((await act('PERSUASION', '校长、村干部上门劝返')).data).toMatchObject({ recordDropoutAction: { status: 'PERSUADING' } });
    const skip = await act('CLOSED', '销号');
    expect(skip.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // A return stands only on an ENROLLED record of the case's year (issue 20).
    const unenrolled = await act('RETURNED_TO_SCHOOL', '已返校');
    expect(unenrolled.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'kind' }] });
    expect(unenrolled.errors?.[0]?.message).toMatch(/ENROLLED record of the 2023 academic year/);
    const school = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY' && s.regionCode === child.villageCode.slice(0, 9)) ?? DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY')!;
    const grade = ageAtAcademicYearStart(child.birthDate, YEAR) - 5;
    const enrol = await graph.graphql(ENROL, { input: { personId: child.id, schoolId: school.id, academicYear: YEAR, stage: 'PRIMARY', grade, boarding: false } }, county);
    expect(enrol.errors).toBeUndefined();
    expect((await act('RETURNED_TO_SCHOOL', '已返校')).data).toMatchObject({ recordDropoutAction: { status: 'RETURNED' } });
    const done = await act('CLOSED', '返校稳定, 销号');
    expect(done.errors).toBeUndefined();
    expect(done.data).toEqual({
      recordDropoutAction: {
        id: caseId,
        status: 'CLOSED',
        actions: [
          { kind: 'HOME_VISIT', on: openedOn, note: '入户核实: 在家务农' },
          { kind: 'PERSUASION', on: openedOn, note: '校长、村干部上门劝返' },
          { kind: 'RETURNED_TO_SCHOOL', on: openedOn, note: '已返校' },
          { kind: 'CLOSED', on: openedOn, note: '返校稳定, 销号' },
        ],
      },
    });
    const reopened = await act('HOME_VISIT', '再访');
    expect(reopened.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const before = await act('HOME_VISIT', '太早', county, '2000-01-01');
    expect(before.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps cases inside the caller scope', async () => {
    const all = await graph.graphql<CasePage>(CASES, { regionCode: COUNTY, first: 50 }, county);
    const someCase = all.data!.dropoutCases.edges.find((e) => e.node.status === 'SUSPECTED')!.node;
    const child = missing.find((m) => m.id === someCase.person.id)!;
    const otherTownship = ['360323100', '360323101', '360323102'].find((t) => !child.villageCode.startsWith(t))!;
    const outsider = await graph.token({ role: 'TOWNSHIP', regionCode: otherTownship });
    const theirs = await graph.graphql<CasePage>(CASES, { regionCode: COUNTY, first: 50 }, outsider);
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.dropoutCases.edges.every((e) => missing.find((m) => m.id === e.node.person.id)?.villageCode.startsWith(otherTownship))).toBe(true);
    const act = await graph.graphql(ACTION, { caseId: someCase.id, kind: 'HOME_VISIT', on: someCase.openedOn, note: '越权' }, outsider);
    expect(act.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const hubei = await graph.graphql(CASES, { regionCode: '420102', first: 5 }, county);
    expect(hubei.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
