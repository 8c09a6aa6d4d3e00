import { DEMO_SCHOOLS } from '@epg/demo';
import { makeIdNumber } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 20, what officers need: 学籍 transitions — graduate, suspend (休学) and resume, drop out
 * (with the child put under dropout control), correct (with a reason, audited) — on plausible
 * dates; a school's roster and the enrolments of a region, paged and region-scoped.
 */
const COUNTY = '360323';
const VILLAGE = '360323101201';
const school = (name: string) => DEMO_SCHOOLS.find((s) => s.name === name)!;
const PRIMARY = school('宣风镇中心小学');
const JUNIOR = school('宣风镇中学');
const FAR_SCHOOL = school('张佳坊小学');

const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id } } }`;
const ENROL = `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`;
const RECORD = `id status endedOn grade stage school { id } history { kind on reason statusAfter changes } dropoutCase { id status academicYear openedOn }`;
const GRADUATE = `mutation($input: GraduateStudentInput!) { graduateStudent(input: $input) { ${RECORD} } }`;
const SUSPEND = `mutation($input: SuspendStudentInput!) { suspendStudent(input: $input) { ${RECORD} } }`;
const RESUME = `mutation($input: ResumeStudentInput!) { resumeStudent(input: $input) { ${RECORD} } }`;
const DROP_OUT = `mutation($input: DropOutStudentInput!) { dropOutStudent(input: $input) { ${RECORD} } }`;
const CORRECT = `mutation($input: CorrectEnrolmentInput!) { correctEnrolment(input: $input) { ${RECORD} } }`;
const ROSTER = `query($s: ID!, $y: Int!, $status: EnrolmentStatus, $first: Int!, $after: String) {
  schoolRoster(schoolId: $s, academicYear: $y, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id status grade school { id } } } } }`;
const ENROLMENTS = `query($r: String!, $y: Int!, $status: EnrolmentStatus, $first: Int!, $after: String) {
  enrolments(regionCode: $r, academicYear: $y, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id status school { id } } } } }`;

interface Record_ {
  id: string;
  status: string;
  endedOn: string | null;
  grade: number;
  stage: string;
  school: { id: string };
  history: { kind: string; on: string; reason: string | null; statusAfter: string; changes: string[] }[];
  dropoutCase: { id: string; status: string; academicYear: number; openedOn: string } | null;
}

describe('学籍 transitions, roster and enrolments by region (issue 20)', () => {
  let graph: TestGraph;
  let county: string;
  let seq = 0;
  const sql = (text: string, params: unknown[] = []) => graph.services.get('schools')!.dataSource.query(text, params);

  /** A fresh registered child born on `birthDate`: their person id. */
  async function child(birthDate: string): Promise<string> {
    const n = ++seq;
    const input = {
      registrationNumber: `XUEJI-${n}`,
      villageCode: VILLAGE,
      category: 'POVERTY_REGISTERED',
      povertyCauses: ['ILLNESS'],
      annualIncomePerCapitaFen: 300000,
      identifiedOn: '2023-03-01',
      members: [
        { name: `家长${n}`, idNumber: makeIdNumber(COUNTY, `1985-03-${String(n).padStart(2, '0')}`, 500 + n), relationToHead: 'HEAD' },
        { name: `学生${n}`, idNumber: makeIdNumber(COUNTY, birthDate, 600 + n), relationToHead: 'CHILD' },
      ],
    };
    const data = await graph.succeed<{ registerHousehold: { members: { id: string }[] } }>(REGISTER, { input }, county);
    return data.registerHousehold.members[1]!.id;
  }
  async function enrol(personId: string, over: Record<string, unknown>): Promise<string> {
    const input = { personId, schoolId: PRIMARY.id, academicYear: 2026, stage: 'PRIMARY', grade: 3, boarding: false, enrolledOn: '2026-09-01', ...over };
    return (await graph.succeed<{ enrolStudent: { id: string } }>(ENROL, { input }, county)).enrolStudent.id;
  }
  const issues = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY, subject: 'xueji-officer' });
  });
  afterAll(() => graph?.stop());

  describe('graduation', () => {
    it('graduates a pupil of the last grade, dated inside the year, with a history entry', async () => {
      const id = await enrol(await child('2014-03-10'), { academicYear: 2025, grade: 6, enrolledOn: '2025-09-01' });
      const data = await graph.succeed<{ graduateStudent: Record_ }>(GRADUATE, { input: { enrolmentId: id, on: '2026-07-01' } }, county);
      expect(data.graduateStudent).toMatchObject({ status: 'GRADUATED', endedOn: '2026-07-01', history: [{ kind: 'GRADUATED', on: '2026-07-01', statusAfter: 'GRADUATED' }] });
      const again = await graph.graphql(GRADUATE, { input: { enrolmentId: id, on: '2026-07-02' } }, county);
      expect(issues(again)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.enrolmentId', message: expect.stringMatching(/GRADUATED record cannot become GRADUATED/) }] });
    });

    it('refuses a graduation from grade 3, one dated in the future, and one outside the academic year; nothing is written', async () => {
      const id = await enrol(await child('2018-04-01'), {});
      const grade3 = await graph.graphql(GRADUATE, { input: { enrolmentId: id, on: '2026-11-01' } }, county);
      expect(issues(grade3)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.enrolmentId', message: expect.stringMatching(/last grade \(6\)/) }] });
      const future = await graph.graphql(GRADUATE, { input: { enrolmentId: id, on: '2040-07-01' } }, county);
      expect(issues(future)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.on', message: expect.stringMatching(/in the future/) }] });
      const before = await graph.graphql(SUSPEND, { input: { enrolmentId: id, on: '2026-05-01', reason: '因病' } }, county);
      expect(issues(before)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.on', message: expect.stringMatching(/before the enrolment/) }] });
      expect(await sql(`SELECT status FROM enrolment WHERE id = $1`, [id])).toEqual([{ status: 'ENROLLED' }]);
      expect(await sql(`SELECT id FROM enrolment_transition WHERE enrolment_id = $1`, [id])).toEqual([]);
    });
  });

  it('suspends (休学) and resumes (复学) within the year, never before the suspension', async () => {
    const id = await enrol(await child('2018-05-02'), {});
    const suspended = await graph.succeed<{ suspendStudent: Record_ }>(SUSPEND, { input: { enrolmentId: id, on: '2026-10-10', reason: '因病休学' } }, county);
    expect(suspended.suspendStudent).toMatchObject({ status: 'SUSPENDED', endedOn: '2026-10-10' });
    const early = await graph.graphql(RESUME, { input: { enrolmentId: id, on: '2026-09-20' } }, county);
    expect(issues(early)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.on', message: expect.stringMatching(/before the suspension/) }] });
    const resumed = await graph.succeed<{ resumeStudent: Record_ }>(RESUME, { input: { enrolmentId: id, on: '2026-11-20' } }, county);
    expect(resumed.resumeStudent).toMatchObject({ status: 'ENROLLED', endedOn: null });
    expect(resumed.resumeStudent.history.map((h) => [h.kind, h.reason])).toEqual([
      ['SUSPENDED', '因病休学'],
      ['RESUMED', null],
    ]);
    const [entry] = await sql(`SELECT data_region, after FROM audit_entry WHERE operation = 'suspendStudent' AND entity_id = $1`, [id]);
    expect(entry).toMatchObject({ data_region: PRIMARY.regionCode, after: { status: 'SUSPENDED', reason: '因病休学' } });
  });

  describe('dropout (辍学) with dropout control', () => {
    it('opens a CONFIRMED dropout case of the year for a compulsory-stage pupil who drops out', async () => {
      const personId = await child('2014-06-06');
      const id = await enrol(personId, { schoolId: JUNIOR.id, stage: 'JUNIOR', grade: 1 });
      const data = await graph.succeed<{ dropOutStudent: Record_ }>(DROP_OUT, { input: { enrolmentId: id, on: '2026-11-02', reason: '外出务工' } }, county);
      expect(data.dropOutStudent).toMatchObject({ status: 'DROPPED_OUT', endedOn: '2026-11-02', dropoutCase: { status: 'CONFIRMED', academicYear: 2026, openedOn: '2026-11-02' } });
      expect(await sql(`SELECT status FROM dropout_case WHERE person_id = $1`, [personId])).toEqual([{ status: 'CONFIRMED' }]);
      const [caseEntry] = await sql(`SELECT entity_type FROM audit_entry WHERE operation = 'dropOutStudent' AND entity_type = 'DropoutCase' AND entity_id = $1`, [data.dropOutStudent.dropoutCase!.id]);
      expect(caseEntry).toEqual({ entity_type: 'DropoutCase' });
    });

    it("confirms the child's case a scan already opened instead of opening a second (一生一案)", async () => {
      const personId = await child('2017-02-02');
      const id = await enrol(personId, { grade: 4 });
      const suspect = await sql(
        `INSERT INTO dropout_case (person_id, region_code, academic_year, status, opened_on) VALUES ($1, $2, 2026, 'SUSPECTED', '2026-09-15') RETURNING id`,
        [personId, VILLAGE],
      );
      const data = await graph.succeed<{ dropOutStudent: Record_ }>(DROP_OUT, { input: { enrolmentId: id, on: '2026-10-01', reason: '厌学' } }, county);
      expect(data.dropOutStudent.dropoutCase).toMatchObject({ id: suspect[0].id, status: 'CONFIRMED' });
      expect(await sql(`SELECT count(*)::int AS n FROM dropout_case WHERE person_id = $1`, [personId])).toEqual([{ n: 1 }]);
    });

    it('refuses to drop out a record that is not ENROLLED or SUSPENDED', async () => {
      const id = await enrol(await child('2014-07-07'), { academicYear: 2025, grade: 6, enrolledOn: '2025-09-01' });
      await graph.succeed(GRADUATE, { input: { enrolmentId: id, on: '2026-07-01' } }, county);
      const result = await graph.graphql(DROP_OUT, { input: { enrolmentId: id, on: '2026-07-02', reason: '外出' } }, county);
      expect(issues(result)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.enrolmentId' }] });
    });
  });

  describe('correction (更正)', () => {
    it('corrects a wrong grade with a reason: history with old and new values, audited', async () => {
      const id = await enrol(await child('2018-08-08'), {});
      const data = await graph.succeed<{ correctEnrolment: Record_ }>(CORRECT, { input: { enrolmentId: id, grade: 2, reason: '录入错误, 以学籍卡为准' } }, county);
      expect(data.correctEnrolment).toMatchObject({ grade: 2, status: 'ENROLLED', history: [{ kind: 'CORRECTED', reason: '录入错误, 以学籍卡为准', changes: ['grade: 3 → 2'] }] });
      const [entry] = await sql(`SELECT before, after FROM audit_entry WHERE operation = 'correctEnrolment' AND entity_id = $1`, [id]);
      expect(entry).toMatchObject({ before: { grade: 3 }, after: { grade: 2, reason: '录入错误, 以学籍卡为准' } });
    });

    it('refuses a correction the pupil, school or year would not fit, and one that changes nothing; nothing is written', async () => {
      const id = await enrol(await child('2018-09-09'), {});
      const tooOld = await graph.graphql(CORRECT, { input: { enrolmentId: id, grade: 6, reason: '更正' } }, county);
      expect(issues(tooOld)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.grade', message: expect.stringMatching(/does not fit PRIMARY grade 6/) }] });
      const wrongSchool = await graph.graphql(CORRECT, { input: { enrolmentId: id, schoolId: JUNIOR.id, reason: '更正' } }, county);
      expect(issues(wrongSchool)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.stage' }] });
      const outside = await graph.graphql(CORRECT, { input: { enrolmentId: id, enrolledOn: '2025-09-01', reason: '更正' } }, county);
      expect(issues(outside)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.enrolledOn', message: expect.stringMatching(/outside academic year 2026/) }] });
      const same = await graph.graphql(CORRECT, { input: { enrolmentId: id, grade: 3, reason: '更正' } }, county);
      expect(issues(same)).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input', message: expect.stringMatching(/nothing to correct/) }] });
      const noReason = await graph.graphql(CORRECT, { input: { enrolmentId: id, grade: 2, reason: '  ' } }, county);
      expect(issues(noReason)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(await sql(`SELECT grade, school_id FROM enrolment WHERE id = $1`, [id])).toEqual([{ grade: 3, school_id: PRIMARY.id }]);
      expect(await sql(`SELECT id FROM audit_entry WHERE operation = 'correctEnrolment' AND entity_id = $1`, [id])).toEqual([]);
    });

    it('answers a record outside the caller region as not found', async () => {
      const id = await enrol(await child('2018-10-10'), {});
      const outsider = await graph.token({ role: 'COUNTY', regionCode: '360322' });
      const result = await graph.graphql(CORRECT, { input: { enrolmentId: id, grade: 2, reason: '更正' } }, outsider);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('roster and enrolments by region', () => {
    it("pages a school's roster of a year, and filters it by status", async () => {
      const total = (await graph.succeed<{ schoolRoster: { totalCount: number } }>(ROSTER, { s: PRIMARY.id, y: 2026, first: 1 }, county)).schoolRoster.totalCount;
      expect(total).toBeGreaterThanOrEqual(4);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: { schoolRoster: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; school: { id: string } } }[] } } = await graph.succeed(
          ROSTER,
          { s: PRIMARY.id, y: 2026, first: 2, after },
          county,
        );
        seen.push(...page.schoolRoster.edges.map((e) => e.node.id));
        expect(page.schoolRoster.edges.every((e) => e.node.school.id === PRIMARY.id)).toBe(true);
        if (!page.schoolRoster.pageInfo.hasNextPage) break;
        after = page.schoolRoster.pageInfo.endCursor;
      }
      expect(new Set(seen).size).toBe(total);
      const dropped = await graph.succeed<{ schoolRoster: { edges: { node: { status: string } }[] } }>(ROSTER, { s: PRIMARY.id, y: 2026, status: 'DROPPED_OUT', first: 50 }, county);
      expect(dropped.schoolRoster.edges.length).toBeGreaterThan(0);
      expect(dropped.schoolRoster.edges.every((e) => e.node.status === 'DROPPED_OUT')).toBe(true);
    });

    it("lets school staff read their own school's roster only", async () => {
      const own = await graph.token({ role: 'SCHOOL', regionCode: PRIMARY.regionCode, schoolId: PRIMARY.id });
      expect((await graph.succeed<{ schoolRoster: { totalCount: number } }>(ROSTER, { s: PRIMARY.id, y: 2026, first: 5 }, own)).schoolRoster.totalCount).toBeGreaterThan(0);
      const other = await graph.token({ role: 'SCHOOL', regionCode: FAR_SCHOOL.regionCode, schoolId: FAR_SCHOOL.id });
      expect((await graph.graphql(ROSTER, { s: PRIMARY.id, y: 2026, first: 5 }, other)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const outsider = await graph.token({ role: 'COUNTY', regionCode: '360322' });
      expect((await graph.graphql(ROSTER, { s: PRIMARY.id, y: 2026, first: 5 }, outsider)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('lists the enrolments of a region and year by status; school staff use their roster instead', async () => {
      const dropped = await graph.succeed<{ enrolments: { totalCount: number; edges: { node: { status: string; school: { id: string } } }[] } }>(
        ENROLMENTS,
        { r: COUNTY, y: 2026, status: 'DROPPED_OUT', first: 50 },
        county,
      );
      expect(dropped.enrolments.totalCount).toBe(Number((await sql(`SELECT count(*) AS n FROM enrolment WHERE academic_year = 2026 AND status = 'DROPPED_OUT' AND region_code LIKE '360323%'`))[0].n));
      expect(dropped.enrolments.edges.map((e) => e.node.school.id).sort()).toEqual([JUNIOR.id, PRIMARY.id].sort());
      const staff = await graph.token({ role: 'SCHOOL', regionCode: JUNIOR.regionCode, schoolId: JUNIOR.id });
      expect((await graph.graphql(ENROLMENTS, { r: COUNTY, y: 2026, first: 50 }, staff)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const own = await graph.succeed<{ schoolRoster: { edges: { node: { school: { id: string } } }[] } }>(ROSTER, { s: JUNIOR.id, y: 2026, first: 50 }, staff);
      expect(own.schoolRoster.edges.length).toBeGreaterThan(0);
      expect(own.schoolRoster.edges.every((e) => e.node.school.id === JUNIOR.id)).toBe(true);
      const hubei = await graph.token({ role: 'COUNTY', regionCode: '420102' });
      expect((await graph.graphql(ENROLMENTS, { r: COUNTY, y: 2026, first: 5 }, hubei)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });
});
