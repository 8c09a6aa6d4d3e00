import { startTestGraph, type TestGraph } from '../../support';
import { ageAtAcademicYearStart, isCompulsorySchoolAge, todayIso } from '@epg/domain';
import { DEMO_SCHOOLS, demoEnrolments, demoHouseholds } from '@epg/demo';

/**
 * Issue 20 item 2: the dropout case's lifecycle (一生一案). One case per child and year, closed
 * only on an enrolment or a stated reason, closed by the scan when the household is REMOVED or
 * the child ages out, with an assignee (包保责任人), one case by id, a year filter, and school
 * staff seeing their own school's cases.
 */
const SCAN = /* GraphQL */ `
  mutation Scan($regionCode: String!, $academicYear: Int!) {
    scanForDropouts(regionCode: $regionCode, academicYear: $academicYear) { opened alreadyOpen closedAsEnrolled closedAsNoLongerDue }
  }
`;
const CASE_FIELDS = `id status academicYear closedOn closedAs closeReason assignee { name role phone } person { id } actions { kind note }`;
const CASES = /* GraphQL */ `
  query Cases($regionCode: String!, $status: DropoutCaseStatus, $academicYear: Int, $schoolId: ID, $first: Int!) {
    dropoutCases(regionCode: $regionCode, status: $status, academicYear: $academicYear, schoolId: $schoolId, first: $first) {
      totalCount
      edges { node { ${CASE_FIELDS} } }
    }
  }
`;
const ONE = `query One($id: ID!) { dropoutCase(id: $id) { ${CASE_FIELDS} } }`;
const CLOSE = /* GraphQL */ `
  mutation Close($caseId: ID!, $reason: DropoutCloseReason!, $on: Date!, $note: String!) {
    closeDropoutCase(caseId: $caseId, reason: $reason, on: $on, note: $note) { ${CASE_FIELDS} }
  }
`;
const ASSIGN = /* GraphQL */ `
  mutation Assign($caseId: ID!, $assignee: DropoutAssigneeInput!) { assignDropoutCase(caseId: $caseId, assignee: $assignee) { ${CASE_FIELDS} } }
`;
const ACTION = `mutation($caseId: ID!, $kind: DropoutActionKind!, $on: Date!, $note: String!) { recordDropoutAction(caseId: $caseId, kind: $kind, on: $on, note: $note) { id status } }`;
const REMOVE = `mutation($id: ID!) { changeHouseholdStatus(householdId: $id, status: REMOVED, on: "2024-01-01", reason: "识别不准") { id status } }`;

type Case = {
  id: string;
  status: string;
  academicYear: number;
  closedOn: string | null;
  closedAs: string | null;
  closeReason: string | null;
  assignee: { name: string; role: string | null; phone: string | null } | null;
  person: { id: string };
  actions: { kind: string; note: string }[];
};
type CasePage = { dropoutCases: { totalCount: number; edges: { node: Case }[] } };

const YEAR = 2023;
const COUNTY = '360323';

const members = demoHouseholds()
  .filter((h) => h.statusHistory[h.statusHistory.length - 1]!.status !== 'REMOVED')
  .flatMap((h) => h.members.map((m) => ({ ...m, villageCode: h.villageCode, householdId: h.id, householdSize: h.members.length })));
const enrolled2023 = new Set(demoEnrolments(YEAR).map((e) => e.personId));
const missing = members.filter((m) => isCompulsorySchoolAge(m.birthDate, YEAR) && ageAtAcademicYearStart(m.birthDate, YEAR + 1) <= 15 && !enrolled2023.has(m.id));

describe('dropout case lifecycle (一生一案)', () => {
  let graph: TestGraph;
  let county: string;
  let cases: Case[];

  const caseOf = (personId: string) => cases.find((c) => c.person.id === personId)!;
  async function list(vars: Record<string, unknown>, token = county): Promise<CasePage['dropoutCases']> {
    const page = await graph.graphql<CasePage>(CASES, { regionCode: COUNTY, first: 200, ...vars }, token);
    expect(page.errors).toBeUndefined();
    return page.data!.dropoutCases;
  }
  async function one(id: string): Promise<Case | null> {
    const result = await graph.graphql<{ dropoutCase: Case | null }>(ONE, { id }, county);
    expect(result.errors).toBeUndefined();
    return result.data!.dropoutCase;
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
    const scan = await graph.graphql(SCAN, { regionCode: COUNTY, academicYear: YEAR }, county);
    expect(scan.errors).toBeUndefined();
    cases = (await list({ academicYear: YEAR })).edges.map((e) => e.node);
    expect(cases).toHaveLength(missing.length);
  });
  afterAll(() => graph?.stop());

  it('finds one case by id, and nothing for an id outside the scope or unknown', async () => {
    const c = cases[0]!;
    expect(await one(c.id)).toMatchObject({ id: c.id, status: 'SUSPECTED', academicYear: YEAR, closedAs: null, assignee: null });
    expect(await one('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await one('not-a-uuid')).toBeNull();
    const hubei = await graph.token({ role: 'COUNTY', regionCode: '420102' });
    const theirs = await graph.graphql<{ dropoutCase: Case | null }>(ONE, { id: c.id }, hubei);
    expect(theirs.data?.dropoutCase ?? null).toBeNull();
  });

  it('filters the list by academic year', async () => {
    expect((await list({ academicYear: YEAR })).totalCount).toBe(missing.length);
    expect((await list({ academicYear: 2021 })).totalCount).toBe(0);
  });

  it('sets the assignee (包保责任人), and refuses one without a name or with a bad phone', async () => {
    const c = cases[0]!;
    const set = await graph.graphql<{ assignDropoutCase: Case }>(ASSIGN, { caseId: c.id, assignee: { name: '李校长', role: '校长', phone: '0799-7123456' } }, county);
    expect(set.errors).toBeUndefined();
    expect(set.data!.assignDropoutCase.assignee).toEqual({ name: '李校长', role: '校长', phone: '0799-7123456' });
    expect((await one(c.id))!.assignee).toEqual({ name: '李校长', role: '校长', phone: '0799-7123456' });
    const noName = await graph.graphql(ASSIGN, { caseId: c.id, assignee: { name: ' ' } }, county);
    expect(noName.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'assignee.name' }] });
    const badPhone = await graph.graphql(ASSIGN, { caseId: c.id, assignee: { name: '王老师', phone: 'call me' } }, county);
    expect(badPhone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'assignee.phone' }] });
    expect((await one(c.id))!.assignee!.name).toBe('李校长');
  });

  it('refuses CLOSED without an enrolment or reason, closes a false positive with a reason, and the next scan opens no second case', async () => {
    const c = cases[1]!;
    const on = todayIso();
    await graph.succeed(ACTION, { caseId: c.id, kind: 'HOME_VISIT', on, note: '入户: 孩子在外省随父母就读' }, county);
    const bareClose = await graph.graphql(ACTION, { caseId: c.id, kind: 'CLOSED', on, note: '销号' }, county);
    expect(bareClose.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const wrongReason = await graph.graphql(CLOSE, { caseId: c.id, reason: 'ENROLLED', on, note: '已入学' }, county);
    expect(wrongReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'reason' }] });
    const future = await graph.graphql(CLOSE, { caseId: c.id, reason: 'STUDYING_ELSEWHERE', on: '2099-01-01', note: '广东就读' }, county);
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'on' }] });
    expect((await one(c.id))!.status).toBe('CONFIRMED');

    const closed = await graph.graphql<{ closeDropoutCase: Case }>(CLOSE, { caseId: c.id, reason: 'STUDYING_ELSEWHERE', on, note: '广东东莞某小学在读证明' }, county);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeDropoutCase).toMatchObject({ status: 'CLOSED', closedAs: 'STUDYING_ELSEWHERE', closedOn: on, closeReason: '广东东莞某小学在读证明' });
    expect(closed.data!.closeDropoutCase.actions.at(-1)).toEqual({ kind: 'CLOSED', note: 'STUDYING_ELSEWHERE: 广东东莞某小学在读证明' });
    const again = await graph.graphql(CLOSE, { caseId: c.id, reason: 'DECEASED', on, note: '重复' }, county);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'caseId' }] });

    const rescan = await graph.graphql<{ scanForDropouts: { opened: number } }>(SCAN, { regionCode: COUNTY, academicYear: YEAR }, county);
    expect(rescan.errors).toBeUndefined();
    expect(rescan.data!.scanForDropouts.opened).toBe(0);
    const ofChild = (await list({ academicYear: YEAR })).edges.filter((e) => e.node.person.id === c.person.id);
    expect(ofChild.map((e) => e.node.status)).toEqual(['CLOSED']);
    // The database holds one case per child and year whatever the code does.
    const ds = graph.services.get('schools')!.dataSource;
    await expect(
      ds.query(`INSERT INTO dropout_case (person_id, region_code, academic_year, status, opened_on) SELECT person_id, region_code, academic_year, 'SUSPECTED', opened_on FROM dropout_case WHERE id = $1`, [c.id]),
    ).rejects.toThrow(/dropout_case_one_per_person_year/);
  });

  it("closes on the next scan the case of a child whose household was REMOVED, with the reason", async () => {
    const child = missing.find((m) => m.id !== cases[0]!.person.id && m.id !== cases[1]!.person.id && missing.filter((x) => x.householdId === m.householdId).length === 1)!;
    const c = caseOf(child.id);
    await graph.succeed(REMOVE, { id: child.householdId }, county);
    const scan = await graph.graphql<{ scanForDropouts: { closedAsNoLongerDue: number; opened: number } }>(SCAN, { regionCode: COUNTY, academicYear: YEAR }, county);
    expect(scan.errors).toBeUndefined();
    expect(scan.data!.scanForDropouts).toMatchObject({ closedAsNoLongerDue: 1, opened: 0 });
    expect(await one(c.id)).toMatchObject({ status: 'CLOSED', closedAs: 'HOUSEHOLD_REMOVED', closedOn: todayIso() });
  });

  it('closes on a scan the case of a child who aged out once the year is over', async () => {
    // The 2025 cases: a child 15 on 2025-09-01 ages out on 2026-09-01 (past by the session date).
    const scan2025 = await graph.graphql<{ scanForDropouts: { opened: number } }>(SCAN, { regionCode: COUNTY, academicYear: 2025 }, county);
    expect(scan2025.errors).toBeUndefined();
    const ds = graph.services.get('schools')!.dataSource;
    const of2025: { id: string; person_id: string }[] = await ds.query(`SELECT id, person_id FROM dropout_case WHERE academic_year = 2025`);
    expect(of2025.length).toBe(scan2025.data!.scanForDropouts.opened);
    // None of them aged out: the scan opens no case it would close.
    const fifteen = new Set(members.filter((m) => ageAtAcademicYearStart(m.birthDate, 2025) === 15).map((m) => m.id));
    expect(fifteen.size).toBeGreaterThan(0);
    expect(of2025.filter((c) => fifteen.has(c.person_id))).toEqual([]);
    // A case opened when it was due: its child's birth date (corrected in the register) now says 15 in 2025.
    const c = of2025[0]!;
    await ds.query(`UPDATE registered_child SET birth_date = '2010-03-01' WHERE person_id = $1`, [c.person_id]);
    const rescan = await graph.graphql<{ scanForDropouts: { closedAsNoLongerDue: number; opened: number } }>(SCAN, { regionCode: COUNTY, academicYear: 2025 }, county);
    expect(rescan.errors).toBeUndefined();
    expect(rescan.data!.scanForDropouts).toMatchObject({ closedAsNoLongerDue: 1, opened: 0 });
    expect(await one(c.id)).toMatchObject({ status: 'CLOSED', closedAs: 'AGED_OUT' });
  });

  it("lets school staff list their own school's cases, and no other's", async () => {
    // 2024 cases of children who were at a demo school in 2023 (the scan of 2024 finds them unenrolled).
    const scan2024 = await graph.graphql(SCAN, { regionCode: COUNTY, academicYear: 2024 }, county);
    expect(scan2024.errors).toBeUndefined();
    const ds = graph.services.get('schools')!.dataSource;
    const of2024: { id: string; person_id: string; region_code: string }[] = await ds.query(`SELECT id, person_id, region_code FROM dropout_case WHERE academic_year = 2024`);
    const lastSchool = new Map(demoEnrolments(YEAR).map((e) => [e.personId, e.schoolId]));
    const withSchool = of2024.find((c) => lastSchool.has(c.person_id))!;
    const school = DEMO_SCHOOLS.find((s) => s.id === lastSchool.get(withSchool.person_id))!;
    const expected = of2024.filter((c) => lastSchool.get(c.person_id) === school.id && c.region_code.startsWith(school.regionCode)).map((c) => c.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    const staff = await graph.token({ role: 'SCHOOL', regionCode: school.regionCode, schoolId: school.id });
    const own = await list({ academicYear: 2024, schoolId: school.id, regionCode: school.regionCode, first: 500 }, staff);
    expect(own.edges.map((e) => e.node.id).sort()).toEqual(expected);
    expect(own.totalCount).toBe(expected.length);
    // Other schools, the whole region and single cases by id are not school staff's.
    const other = DEMO_SCHOOLS.find((s) => s.id !== school.id)!;
    const foreign = await graph.graphql(CASES, { regionCode: school.regionCode, schoolId: other.id, first: 5 }, staff);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const all = await graph.graphql(CASES, { regionCode: school.regionCode, first: 5 }, staff);
    expect(all.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byId = await graph.graphql(ONE, { id: withSchool.id }, staff);
    expect(byId.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
