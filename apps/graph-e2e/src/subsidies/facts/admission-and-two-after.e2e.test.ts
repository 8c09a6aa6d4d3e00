import { DEMO_SCHOOLS } from '@epg/demo';
import { makeIdNumber } from '@epg/domain';
import { ComputeEntitlementsDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 19 item 8: facts the engine never saw. The university grants (A-UNI-TRAVEL, A-UNI-ENTRY)
 * follow a university admission (高考录取) recorded in the schools service; C-VOC-TWO follows a
 * 两后生 row of the vocational service. Subsidies projects both feeds and computes the lines —
 * and stops them when the fact goes (a withdrawn admission, a cleared 两后生 row).
 */
const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id } } }`;
const ENROL = `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`;
const ADMIT = `mutation($input: RecordUniversityAdmissionInput!) { recordUniversityAdmission(input: $input) { id } }`;
const CORRECT = `mutation($input: CorrectUniversityAdmissionInput!) { correctUniversityAdmission(input: $input) { id } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawUniversityAdmission(admissionId: $id, reason: "放弃入学") { id } }`;
const FLAG = `mutation($p: ID!, $year: Int!) { flagNonContinuingGraduate(personId: $p, year: $year) { year } }`;

interface Line {
  rule_code: string;
  amount_fen: number | null;
  status: string;
  enrolment_id: string;
  school_id: string;
}

describe('university admissions and 两后生 reach the subsidy engine', () => {
  let graph: TestGraph;
  const sql = (service: string, text: string, params: unknown[] = []) => graph.services.get(service)!.dataSource.query(text, params);
  /** The person's lines of the year, live ones first, by rule. */
  const linesOf = (personId: string, year: number): Promise<Line[]> =>
    sql(
      'subsidies',
      `SELECT rule_code, amount_fen, status, enrolment_id::text, school_id::text FROM entitlement
        WHERE person_id = $1 AND academic_year = $2 ORDER BY status = 'CANCELLED', rule_code, created_at`,
      [personId, year],
    );
  const live = async (personId: string, year: number) => (await linesOf(personId, year)).filter((l) => l.status !== 'CANCELLED');
  const compute = (regionCode: string, academicYear: number, token: string) => graph.succeed(ComputeEntitlementsDocument, { regionCode, academicYear }, token);

  async function registerChild(token: string, input: { key: string; village: string; birthplace: string; identifiedOn: string; category?: string; childBorn: string }): Promise<string> {
    const data = await graph.succeed<{ registerHousehold: { members: { id: string }[] } }>(
      REGISTER,
      {
        input: {
          registrationNumber: `FACTS-${input.key}`,
          villageCode: input.village,
          category: input.category ?? 'POVERTY_REGISTERED',
          povertyCauses: ['ILLNESS'],
          annualIncomePerCapitaFen: 300000,
          identifiedOn: input.identifiedOn,
          members: [
            { name: `户主${input.key}`, idNumber: makeIdNumber(input.birthplace, '1975-02-03', 901 + input.key.length), relationToHead: 'HEAD' },
            { name: `学生${input.key}`, idNumber: makeIdNumber(input.birthplace, input.childBorn, 803 + input.key.length), relationToHead: 'CHILD' },
          ],
        },
      },
      token,
    );
    return data.registerHousehold.members[1]!.id;
  }

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.stop());

  describe('a registered-poor student admitted to university (set A, 芦溪县)', () => {
    const SENIOR_SCHOOL = DEMO_SCHOOLS.find((s) => s.name === '芦溪县第二中学')!;
    const TOWNSHIP = SENIOR_SCHOOL.regionCode;
    const YEAR = 2026;
    let county: string;
    let personId: string;
    let enrolmentId: string;

    beforeAll(async () => {
      county = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['pii:read'] });
      personId = await registerChild(county, { key: 'UNI-1', village: '360323102201', birthplace: '360323', identifiedOn: '2023-03-01', childBorn: '2008-04-11' });
      enrolmentId = (
        await graph.succeed<{ enrolStudent: { id: string } }>(
          ENROL,
          { input: { personId, schoolId: SENIOR_SCHOOL.id, academicYear: YEAR - 1, stage: 'SENIOR', grade: 3, boarding: false } },
          county,
        )
      ).enrolStudent.id;
    });

    it('gets no university grant without an admission', async () => {
      await compute(TOWNSHIP, YEAR, county);
      expect(await linesOf(personId, YEAR)).toEqual([]);
    });

    it('gets the travel and entry grants once, in the admission year, after an in-province admission; follows a correction and a withdrawal', async () => {
      const admission = (
        await graph.succeed<{ recordUniversityAdmission: { id: string } }>(
          ADMIT,
          { input: { personId, academicYear: YEAR, university: '南昌大学', inProvince: true, admittedOn: '2026-07-20' } },
          county,
        )
      ).recordUniversityAdmission;
      await compute(TOWNSHIP, YEAR, county);
      const granted = await live(personId, YEAR);
      expect(granted).toEqual([
        { rule_code: 'A-UNI-ENTRY', amount_fen: 500000, status: 'COMPUTED', enrolment_id: enrolmentId, school_id: SENIOR_SCHOOL.id },
        { rule_code: 'A-UNI-TRAVEL', amount_fen: 50000, status: 'COMPUTED', enrolment_id: enrolmentId, school_id: SENIOR_SCHOOL.id },
      ]);
      // Once: computing again changes nothing; the senior year before gets no university line.
      await compute(TOWNSHIP, YEAR, county);
      expect(await live(personId, YEAR)).toEqual(granted);
      await compute(TOWNSHIP, YEAR - 1, county);
      expect((await live(personId, YEAR - 1)).map((l) => l.rule_code).filter((code) => code.startsWith('A-UNI'))).toEqual([]);

      // Admitted outside the province after all: the travel grant is 1000 yuan.
      await graph.succeed(CORRECT, { input: { admissionId: admission.id, inProvince: false } }, county);
      await compute(TOWNSHIP, YEAR, county);
      expect((await live(personId, YEAR)).map((l) => [l.rule_code, l.amount_fen])).toEqual([
        ['A-UNI-ENTRY', 500000],
        ['A-UNI-TRAVEL', 100000],
      ]);

      // Withdrawn: nothing stays due.
      await graph.succeed(WITHDRAW, { id: admission.id }, county);
      await compute(TOWNSHIP, YEAR, county);
      expect(await live(personId, YEAR)).toEqual([]);
    });
  });

  describe('a 两后生 of a registered-poor household in secondary vocational school (set C, 999901)', () => {
    const COUNTY = '999901';
    const TOWNSHIP = '999901200';
    const VILLAGE = '999901200201';
    const YEAR = 2018;
    let county: string;
    let personId: string;

    beforeAll(async () => {
      await sql('households', `INSERT INTO region (code, name, level, parent_code) VALUES ($1, '卷积镇', 'TOWNSHIP', $2), ($3, '卷积一村', 'VILLAGE', $1)`, [
        TOWNSHIP,
        COUNTY,
        VILLAGE,
      ]);
      county = await graph.token({ role: 'COUNTY', regionCode: COUNTY, scopes: ['pii:read'] });
      // ID numbers name a real place of birth; 999901 is a stand-in county.
      personId = await registerChild(county, { key: 'TWO-1', village: VILLAGE, birthplace: '650102', identifiedOn: '2016-03-01', childBorn: '2003-05-06' });
      const schoolId = (
        await graph.succeed<{ registerSchool: { id: string } }>(
          `mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) { id } }`,
          { input: { code: '9999012002', name: '卷积职业技术学校', type: 'SECONDARY_VOCATIONAL', ownership: 'PUBLIC', regionCode: TOWNSHIP, inPovertyArea: true } },
          county,
        )
      ).registerSchool.id;
      await graph.succeed(ENROL, { input: { personId, schoolId, academicYear: YEAR, stage: 'SECONDARY_VOCATIONAL', grade: 1, boarding: false } }, county);
    });

    it('gets no C-VOC-TWO without a 两后生 row', async () => {
      await compute(COUNTY, YEAR, county);
      const codes = (await live(personId, YEAR)).map((l) => l.rule_code);
      expect(codes).toContain('C-VOC-GRANT');
      expect(codes).not.toContain('C-VOC-TWO');
    });

    it('gets C-VOC-TWO once the vocational service holds the 两后生 row, and loses it when the row is cleared', async () => {
      await graph.succeed(FLAG, { p: personId, year: YEAR }, county);
      await compute(COUNTY, YEAR, county);
      expect((await live(personId, YEAR)).filter((l) => l.rule_code === 'C-VOC-TWO').map((l) => l.amount_fen)).toEqual([300000]);
      // Not in a year before they left school.
      await compute(COUNTY, YEAR - 1, county);
      expect((await live(personId, YEAR - 1)).map((l) => l.rule_code)).not.toContain('C-VOC-TWO');

      // The row cleared by whatever keeps the register (a detection that no longer holds): the feed
      // carries the removal, and the line is no longer due.
      await sql('vocational', `DELETE FROM non_continuing_graduate WHERE person_id = $1`, [personId]);
      await compute(COUNTY, YEAR, county);
      expect((await live(personId, YEAR)).map((l) => l.rule_code)).not.toContain('C-VOC-TWO');
      expect((await linesOf(personId, YEAR)).filter((l) => l.rule_code === 'C-VOC-TWO').map((l) => l.status)).toEqual(['CANCELLED']);
    });
  });
});
