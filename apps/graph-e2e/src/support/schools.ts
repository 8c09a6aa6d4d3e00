import { academicYearOf } from '@epg/domain';
import type { TestGraph } from '@epg/testing';

export interface SchoolRow {
  code: string;
  name: string;
  type: string;
  ownership: string;
  regionCode: string;
  inPovertyArea: boolean;
}

/**
 * Puts schools on the register straight in the schools service's table, with plain SQL: the graph
 * has no mutation that creates a school, and a test of another service does not use the schools
 * app's entity classes. Returns their ids, in the order given.
 */
export async function insertSchools(graph: TestGraph, schools: SchoolRow[]): Promise<string[]> {
  const rows = (await graph.services.get('schools')!.dataSource.query(
    `INSERT INTO schools.school (code, name, type, ownership, region_code, in_poverty_area)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[])
     RETURNING id, code`,
    [
      schools.map((s) => s.code),
      schools.map((s) => s.name),
      schools.map((s) => s.type),
      schools.map((s) => s.ownership),
      schools.map((s) => s.regionCode),
      schools.map((s) => s.inPovertyArea),
    ],
  )) as { id: string; code: string }[];
  const ids = new Map(rows.map((r) => [r.code, r.id]));
  return schools.map((s) => ids.get(s.code)!);
}

const PERSON_RECORDS_OF_YEAR = `query($id: ID!, $year: Int!) { person(id: $id) { currentEnrolment(academicYear: $year) { id school { id } stage } } }`;
const ENROL_STUDENT = `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`;
const TRANSFER_STUDENT = `mutation($input: TransferStudentInput!) { transferStudent(input: $input) { id } }`;

/**
 * Gives a person the schools 学籍 a vocational programme is assigned on (issue 21: the schools
 * service owns secondary-vocational 学籍): an ENROLLED SECONDARY_VOCATIONAL record of
 * `academicYear` at `schoolId`, grade `grade`, through the graph — enrolled, or transferred from
 * the year's record at another school. Returns the record's id.
 */
export async function giveVocationalSchoolRecord(
  graph: TestGraph,
  token: string,
  args: { personId: string; schoolId: string; academicYear: number; grade?: number },
): Promise<string> {
  const grade = args.grade ?? 1;
  const current = await graph.succeed<{ person: { currentEnrolment: { id: string; school: { id: string } | null; stage: string } | null } | null }>(
    PERSON_RECORDS_OF_YEAR,
    { id: args.personId, year: args.academicYear },
    token,
  );
  const record = current.person?.currentEnrolment;
  if (record?.school?.id === args.schoolId && record.stage === 'SECONDARY_VOCATIONAL') return record.id;
  if (record) {
    const moved = await graph.succeed<{ transferStudent: { id: string } }>(
      TRANSFER_STUDENT,
      { input: { enrolmentId: record.id, toSchoolId: args.schoolId, stage: 'SECONDARY_VOCATIONAL', grade, boarding: false } },
      token,
    );
    return moved.transferStudent.id;
  }
  const enrolled = await graph.succeed<{ enrolStudent: { id: string } }>(
    ENROL_STUDENT,
    { input: { personId: args.personId, schoolId: args.schoolId, academicYear: args.academicYear, stage: 'SECONDARY_VOCATIONAL', grade, boarding: false } },
    token,
  );
  return enrolled.enrolStudent.id;
}

const PERSON_RECORDS = `query($id: ID!) { person(id: $id) { enrolments { id academicYear grade status school { id } } } }`;
const CORRECT = `mutation($input: CorrectEnrolmentInput!) { correctEnrolment(input: $input) { id } }`;
const GRADUATE_STUDENT = `mutation($input: GraduateStudentInput!) { graduateStudent(input: $input) { id } }`;
const DROP_OUT_STUDENT = `mutation($input: DropOutStudentInput!) { dropOutStudent(input: $input) { id } }`;

/**
 * Ends a person's secondary-vocational 学籍 at `schoolId` in the schools ledger on `on`, as the
 * vocational ledger requires before `graduateVocational` / `withdrawVocational` (issue 21): the
 * record of `on`'s academic year (given, or corrected to, the last grade 3 for a graduation)
 * graduates (`graduateStudent`) or drops out (`dropOutStudent`). Returns the record's id.
 */
export async function endVocationalSchoolRecord(
  graph: TestGraph,
  token: string,
  args: { personId: string; schoolId: string; on: string; how: 'GRADUATED' | 'DROPPED_OUT' },
): Promise<string> {
  const year = academicYearOf(args.on);
  const graduating = args.how === 'GRADUATED';
  const id = await giveVocationalSchoolRecord(graph, token, { personId: args.personId, schoolId: args.schoolId, academicYear: year, grade: graduating ? 3 : 1 });
  const records = await graph.succeed<{ person: { enrolments: { id: string; grade: number }[] } }>(PERSON_RECORDS, { id: args.personId }, token);
  if (graduating && records.person.enrolments.find((r) => r.id === id)?.grade !== 3) {
    await graph.succeed(CORRECT, { input: { enrolmentId: id, grade: 3, reason: '按毕业班更正年级' } }, token);
  }
  if (graduating) await graph.succeed(GRADUATE_STUDENT, { input: { enrolmentId: id, on: args.on } }, token);
  else await graph.succeed(DROP_OUT_STUDENT, { input: { enrolmentId: id, on: args.on, reason: '外出务工' } }, token);
  return id;
}
