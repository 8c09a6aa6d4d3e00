import { DEMO_VOCATIONAL_SCHOOL, demoVocationalData } from '@epg/demo';
import { makeIdNumber } from '@epg/domain';
import { currentAcademicYear } from '@epg/vocational';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 21 follow-up, "the two vocational ledgers agree end to end": a programme assigned on a
 * 学籍 graduates only when the schools ledger graduated that 学籍 (graduateStudent), on its
 * date, and is withdrawn only when the 学籍 ended by a dropout or transfer. Otherwise CONFLICT
 * naming what to do, and nothing is written. Enrolments recorded before the link (no
 * schoolEnrolmentId) end on the date given, as before.
 */
const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id } } }`;
const ENROL_STUDENT = `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`;
const GRADUATE_STUDENT = `mutation($input: GraduateStudentInput!) { graduateStudent(input: $input) { id endedOn } }`;
const DROP_OUT_STUDENT = `mutation($input: DropOutStudentInput!) { dropOutStudent(input: $input) { id endedOn } }`;
const SUSPEND_STUDENT = `mutation($input: SuspendStudentInput!) { suspendStudent(input: $input) { id } }`;
const ENROL = `mutation($input: VocationalEnrolmentInput!) { enrolVocational(input: $input) { id schoolEnrolmentId } }`;
const GRADUATE = `mutation($id: ID!, $on: Date) { graduateVocational(enrolmentId: $id, graduatedOn: $on) { status endedOn } }`;
const WITHDRAW = `mutation($id: ID!, $on: Date) { withdrawVocational(enrolmentId: $id, withdrawnOn: $on, reason: "外出务工") { status endedOn } }`;

const COUNTY = '360323';
const YEAR = currentAcademicYear();
/** Inside this academic year and not in the future (the session date is in December). */
const ENROLLED_ON = `${YEAR}-09-01`;
const ENDED_ON = `${YEAR}-11-20`;
const programId = demoVocationalData().programs.find((p) => p.schoolId === DEMO_VOCATIONAL_SCHOOL.id)!.id;

type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined;
const codeOf = (errors: Errors) => errors?.[0]?.extensions?.code;

describe('vocational enrolments end with their 学籍', () => {
  let graph: TestGraph;
  let county: string;
  let seq = 0;
  const vocationalSql = (text: string, params: unknown[] = []) => graph.services.get('vocational')!.dataSource.query(text, params);
  const rowOf = async (id: string) => (await vocationalSql(`SELECT status, ended_on::text AS ended_on FROM vocational_enrolment WHERE id = $1`, [id]))[0];
  const audits = async (id: string) => (await vocationalSql(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1`, [id]))[0].n as number;

  /** A youth (18 on 1 September) with an ENROLLED grade-3 secondary-vocational 学籍 and a programme on it. */
  async function assigned(): Promise<{ personId: string; record: string; enrolment: string }> {
    const n = ++seq;
    const data = await graph.succeed<{ registerHousehold: { members: { id: string }[] } }>(
      REGISTER,
      {
        input: {
          registrationNumber: `LEDGERS-END-${n}`,
          villageCode: '360323100201',
          category: 'POVERTY_REGISTERED',
          povertyCauses: ['EDUCATION'],
          annualIncomePerCapitaFen: 300000,
          identifiedOn: '2023-03-01',
          members: [
            { name: `户主${n}`, idNumber: makeIdNumber(COUNTY, `1978-04-${String(10 + n).padStart(2, '0')}`, 710 + n), relationToHead: 'HEAD' },
            { name: `子女${n}`, idNumber: makeIdNumber(COUNTY, `${YEAR - 18}-03-${String(10 + n).padStart(2, '0')}`, 720 + n), relationToHead: 'CHILD' },
          ],
        },
      },
      county,
    );
    const personId = data.registerHousehold.members[1]!.id;
    const record = (
      await graph.succeed<{ enrolStudent: { id: string } }>(
        ENROL_STUDENT,
        { input: { personId, schoolId: DEMO_VOCATIONAL_SCHOOL.id, academicYear: YEAR, stage: 'SECONDARY_VOCATIONAL', grade: 3, boarding: false, enrolledOn: ENROLLED_ON } },
        county,
      )
    ).enrolStudent.id;
    const enrolled = await graph.succeed<{ enrolVocational: { id: string; schoolEnrolmentId: string } }>(
      ENROL,
      { input: { personId, programId, startYear: YEAR, nonContinuingGraduate: false } },
      county,
    );
    expect(enrolled.enrolVocational.schoolEnrolmentId).toBe(record);
    return { personId, record, enrolment: enrolled.enrolVocational.id };
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  it('refuses to graduate while the 学籍 is still ENROLLED, naming graduateStudent, and writes nothing', async () => {
    const { enrolment } = await assigned();
    const before = await audits(enrolment);
    const result = await graph.graphql(GRADUATE, { id: enrolment, on: ENDED_ON }, county);
    expect(codeOf(result.errors)).toBe('CONFLICT');
    expect(result.errors?.[0]?.message).toMatch(/ENROLLED, not GRADUATED.*graduateStudent/);
    expect(await rowOf(enrolment)).toEqual({ status: 'ENROLLED', ended_on: null });
    expect(await audits(enrolment)).toBe(before);
  });

  it('refuses to withdraw while the 学籍 is ENROLLED or SUSPENDED, naming dropOutStudent', async () => {
    const { record, enrolment } = await assigned();
    const enrolled = await graph.graphql(WITHDRAW, { id: enrolment, on: ENDED_ON }, county);
    expect(codeOf(enrolled.errors)).toBe('CONFLICT');
    expect(enrolled.errors?.[0]?.message).toMatch(/dropOutStudent/);
    await graph.succeed(SUSPEND_STUDENT, { input: { enrolmentId: record, on: '2026-10-10', reason: '因病休学' } }, county);
    const suspended = await graph.graphql(WITHDRAW, { id: enrolment, on: ENDED_ON }, county);
    expect(codeOf(suspended.errors)).toBe('CONFLICT');
    expect(suspended.errors?.[0]?.message).toMatch(/SUSPENDED/);
    expect(await rowOf(enrolment)).toEqual({ status: 'ENROLLED', ended_on: null });
  });

  it('graduates after the school did, on the 学籍 graduation date: taken from it, or refused when different', async () => {
    const { record, enrolment } = await assigned();
    await graph.succeed(GRADUATE_STUDENT, { input: { enrolmentId: record, on: ENDED_ON } }, county);
    const otherDay = await graph.graphql(GRADUATE, { id: enrolment, on: `${YEAR}-11-21` }, county);
    expect(codeOf(otherDay.errors)).toBe('BAD_USER_INPUT');
    expect(otherDay.errors?.[0]?.message).toMatch(new RegExp(`^graduatedOn: .*${ENDED_ON}`));
    expect(await rowOf(enrolment)).toEqual({ status: 'ENROLLED', ended_on: null });
    const withdrawn = await graph.graphql(WITHDRAW, { id: enrolment }, county);
    expect(codeOf(withdrawn.errors)).toBe('CONFLICT');
    expect(withdrawn.errors?.[0]?.message).toMatch(/graduateVocational/);
    const graduated = await graph.succeed<{ graduateVocational: { status: string; endedOn: string } }>(GRADUATE, { id: enrolment }, county);
    expect(graduated.graduateVocational).toEqual({ status: 'GRADUATED', endedOn: ENDED_ON });
  });

  it('withdraws after the school recorded the dropout, on its date', async () => {
    const { record, enrolment } = await assigned();
    await graph.succeed(DROP_OUT_STUDENT, { input: { enrolmentId: record, on: ENDED_ON, reason: '外出务工' } }, county);
    const withdrawn = await graph.succeed<{ withdrawVocational: { status: string; endedOn: string } }>(WITHDRAW, { id: enrolment, on: ENDED_ON }, county);
    expect(withdrawn.withdrawVocational).toEqual({ status: 'WITHDRAWN', endedOn: ENDED_ON });
  });

  it('ends an enrolment recorded before the link (no 学籍) on the date given, as before; the date is then required', async () => {
    const { enrolment } = await assigned();
    await vocationalSql(`UPDATE vocational_enrolment SET school_enrolment_id = NULL WHERE id = $1`, [enrolment]);
    const noDate = await graph.graphql(GRADUATE, { id: enrolment }, county);
    expect(codeOf(noDate.errors)).toBe('BAD_USER_INPUT');
    expect(noDate.errors?.[0]?.message).toMatch(/^graduatedOn: required/);
    const graduated = await graph.succeed<{ graduateVocational: { status: string; endedOn: string } }>(GRADUATE, { id: enrolment, on: ENDED_ON }, county);
    expect(graduated.graduateVocational).toEqual({ status: 'GRADUATED', endedOn: ENDED_ON });
  });
});
