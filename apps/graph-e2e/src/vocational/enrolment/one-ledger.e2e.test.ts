import { DEMO_SCHOOLS, DEMO_VOCATIONAL_SCHOOL, demoVocationalData } from '@epg/demo';
import { makeIdNumber } from '@epg/domain';
import { currentAcademicYear } from '@epg/vocational';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 21, "Two enrolment ledgers disagree": the schools service owns secondary-vocational 学籍
 * and a vocational enrolment is a programme assignment on one. A vocational student the 学籍
 * ledger does not know (so subsidies never see them), or knows at another school, is refused
 * with CONFLICT and nothing is written; an assignment names the 学籍 it was made on.
 */
const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id } } }`;
const ENROL_STUDENT = `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`;
const ENROL = `mutation($input: VocationalEnrolmentInput!) { enrolVocational(input: $input) { id status schoolEnrolmentId program { id } } }`;
const SCHOOL_RECORDS = `query($id: ID!) { person(id: $id) { enrolments { id stage status school { id } } vocationalEnrolments { id schoolEnrolmentId } } }`;

const COUNTY = '360323';
const YEAR = currentAcademicYear();
const SENIOR_SCHOOL = DEMO_SCHOOLS.find((s) => s.type === 'SENIOR_SECONDARY' && s.regionCode.startsWith(COUNTY))!;
const programId = demoVocationalData().programs.find((p) => p.schoolId === DEMO_VOCATIONAL_SCHOOL.id)!.id;

type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined;
const codeOf = (errors: Errors) => errors?.[0]?.extensions?.code;

describe('vocational enrolment: one owner for secondary-vocational 学籍', () => {
  let graph: TestGraph;
  let county: string;
  let seq = 0;
  const count = async () => (await graph.services.get('vocational')!.dataSource.query(`SELECT count(*)::int AS n FROM vocational_enrolment`))[0].n as number;

  /** A fresh registered household whose child is 16 on 1 September of this academic year: the child's id. */
  async function youth(): Promise<string> {
    const n = ++seq;
    const birth = `${YEAR - 16}-03-${String(10 + n).padStart(2, '0')}`;
    const data = await graph.succeed<{ registerHousehold: { members: { id: string }[] } }>(
      REGISTER,
      {
        input: {
          registrationNumber: `ONE-LEDGER-${n}`,
          villageCode: '360323100201',
          category: 'POVERTY_REGISTERED',
          povertyCauses: ['EDUCATION'],
          annualIncomePerCapitaFen: 300000,
          identifiedOn: '2023-03-01',
          members: [
            { name: `户主${n}`, idNumber: makeIdNumber(COUNTY, `1980-05-${String(10 + n).padStart(2, '0')}`, 610 + n), relationToHead: 'HEAD' },
            { name: `子女${n}`, idNumber: makeIdNumber(COUNTY, birth, 620 + n), relationToHead: 'CHILD' },
          ],
        },
      },
      county,
    );
    return data.registerHousehold.members[1]!.id;
  }
  const enrolAt = (personId: string, schoolId: string, stage: string) =>
    graph.succeed<{ enrolStudent: { id: string } }>(ENROL_STUDENT, { input: { personId, schoolId, academicYear: YEAR, stage, grade: 1, boarding: false } }, county);

  beforeAll(async () => {
    expect(SENIOR_SCHOOL).toBeDefined();
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  it('refuses a vocational student the 学籍 ledger does not know, writing nothing', async () => {
    const personId = await youth();
    const before = await count();
    const result = await graph.graphql(ENROL, { input: { personId, programId, startYear: YEAR, nonContinuingGraduate: false } }, county);
    expect(codeOf(result.errors)).toBe('CONFLICT');
    expect(result.errors?.[0]?.message).toMatch(/^input\.personId: .*no ENROLLED \d{4} 学籍.*enrolStudent/);
    expect(await count()).toBe(before);
  });

  it('refuses a programme at a school other than the one the 学籍 names', async () => {
    const personId = await youth();
    await enrolAt(personId, SENIOR_SCHOOL.id, 'SENIOR');
    const before = await count();
    const result = await graph.graphql(ENROL, { input: { personId, programId, startYear: YEAR, nonContinuingGraduate: false } }, county);
    expect(codeOf(result.errors)).toBe('CONFLICT');
    expect(result.errors?.[0]?.message).toMatch(/at another school/);
    expect(await count()).toBe(before);
  });

  it('assigns the programme on the secondary-vocational 学籍 at its school: both ledgers name the same school', async () => {
    const personId = await youth();
    const record = (await enrolAt(personId, DEMO_VOCATIONAL_SCHOOL.id, 'SECONDARY_VOCATIONAL')).enrolStudent.id;
    const enrolled = await graph.succeed<{ enrolVocational: { id: string; status: string; schoolEnrolmentId: string } }>(
      ENROL,
      { input: { personId, programId, startYear: YEAR, nonContinuingGraduate: false } },
      county,
    );
    expect(enrolled.enrolVocational).toMatchObject({ status: 'ENROLLED', schoolEnrolmentId: record });
    const person = await graph.succeed<{ person: { enrolments: { id: string; stage: string; status: string; school: { id: string } }[]; vocationalEnrolments: { id: string; schoolEnrolmentId: string }[] } }>(
      SCHOOL_RECORDS,
      { id: personId },
      county,
    );
    expect(person.person.enrolments).toEqual([{ id: record, stage: 'SECONDARY_VOCATIONAL', status: 'ENROLLED', school: { id: DEMO_VOCATIONAL_SCHOOL.id } }]);
    expect(person.person.vocationalEnrolments).toEqual([{ id: enrolled.enrolVocational.id, schoolEnrolmentId: record }]);
  });

  it('starts agreeing on the demo data: every seeded enrolment stands on a seeded 学籍 of the same person at the programme\'s school, ending as it ends', async () => {
    type Enrolment = { id: string; person_id: string; status: string; ended_on: string | null; school_enrolment_id: string | null; school_id: string };
    type SchoolRecord = { id: string; person_id: string; school_id: string; stage: string; academic_year: number; status: string; ended_on: string | null };
    const enrolments: Enrolment[] = await graph.services.get('vocational')!.dataSource.query(
      `SELECT e.id, e.person_id, e.status, e.ended_on::text, e.school_enrolment_id, p.school_id
         FROM vocational_enrolment e JOIN vocational_program p ON p.id = e.program_id
        WHERE e.id = ANY($1::uuid[])`,
      [demoVocationalData().enrolments.map((e) => e.id)],
    );
    expect(enrolments.length).toBe(demoVocationalData().enrolments.length);
    const records: SchoolRecord[] = await graph.services.get('schools')!.dataSource.query(
      `SELECT id, person_id, school_id, stage, academic_year, status, ended_on::text FROM enrolment WHERE person_id = ANY($1::uuid[])`,
      [enrolments.map((e) => e.person_id)],
    );
    const ending: Record<string, string[]> = { ENROLLED: ['ENROLLED'], GRADUATED: ['GRADUATED'], WITHDRAWN: ['DROPPED_OUT', 'TRANSFERRED_OUT'] };
    const problems = enrolments.flatMap((e) => {
      const linked = records.find((r) => r.id === e.school_enrolment_id);
      if (!linked) return [`${e.id}: no 学籍 ${e.school_enrolment_id}`];
      if (linked.person_id !== e.person_id || linked.school_id !== e.school_id || linked.stage !== 'SECONDARY_VOCATIONAL') return [`${e.id}: the 学籍 is another's`];
      // The 学籍 of the programme's last year at that school carries the ending.
      const last = records
        .filter((r) => r.person_id === e.person_id && r.school_id === e.school_id && r.stage === 'SECONDARY_VOCATIONAL')
        .reduce((a, b) => (b.academic_year > a.academic_year ? b : a));
      const agrees = ending[e.status]!.includes(last.status) && last.ended_on === e.ended_on;
      return agrees ? [] : [`${e.id}: ${e.status} ${e.ended_on} on a ${last.status} ${last.ended_on} 学籍`];
    });
    expect(problems).toEqual([]);
    expect(new Set(enrolments.map((e) => e.status))).toEqual(new Set(['ENROLLED', 'GRADUATED', 'WITHDRAWN']));
  });
});
