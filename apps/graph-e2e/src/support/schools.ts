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
