import { DEMO_SCHOOLS } from '@epg/demo';
import { makeIdNumber, maskIdNumber } from '@epg/domain';
import { insertSchools, startTestGraph, type GraphQLResult, type TestGraph } from '../../support';

/**
 * Issue 18, items 1 and 3 for teachers, schools and vocational: a masked ID number cannot be
 * completed from anything else the caller sees, and a duplicate check never tells a caller about
 * a row outside its region scope. The caller is 江岸区 (Hubei, 420102); the other rows lie in
 * 芦溪县 (Jiangxi, 360323).
 */

const REGISTER_TEACHER = /* GraphQL */ `
  mutation RegisterTeacher($input: RegisterTeacherInput!) { registerTeacher(input: $input) { id } }
`;
const TEACHER = /* GraphQL */ `
  query Teacher($id: ID!) { teacher(id: $id) { id idNumberMasked gender birthYear birthDate } }
`;
const TEACHER_TRAIL = /* GraphQL */ `
  query Trail($id: String) { teachersAuditTrail(entityId: $id, first: 10) { edges { node { operation before after } } } }
`;
const REGISTER_HOUSEHOLD = /* GraphQL */ `
  mutation RegisterHousehold($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id name } } }
`;
const ENROL_STUDENT = /* GraphQL */ `
  mutation EnrolStudent($input: EnrolStudentInput!) { enrolStudent(input: $input) { id school { id } } }
`;
const TRANSFER_STUDENT = /* GraphQL */ `
  mutation TransferStudent($input: TransferStudentInput!) { transferStudent(input: $input) { id school { id } } }
`;
const ENROL_VOCATIONAL = /* GraphQL */ `
  mutation EnrolVocational($input: VocationalEnrolmentInput!) { enrolVocational(input: $input) { id } }
`;
const FLAG = /* GraphQL */ `
  mutation Flag($personId: ID!, $year: Int!) { flagNonContinuingGraduate(personId: $personId, year: $year) { personId year villageCode } }
`;

/** 南坑镇大岭小学 of the demo county. */
const DALING = DEMO_SCHOOLS.find((s) => s.code === '3636032312')!;
const JIANGXI_VILLAGE = '360323103201';
const HUBEI_TOWNSHIP = '420102001';
const HUBEI_VILLAGE = '420102001001';
const ACADEMIC_YEAR = 2025;

/** Everything an answer says to its caller: message and extensions of every error. */
function told(result: GraphQLResult<unknown>): string {
  return JSON.stringify((result.errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions })));
}

describe('outside-scope leaks in teachers, schools and vocational (issue 18 items 1 and 3)', () => {
  let graph: TestGraph;
  let jiangxi: string;
  let hubei: string;
  let hubeiSchoolId: string;
  let hubeiSchool2Id: string;
  /** A child of a 江岸区 household who is still on a register of 芦溪县. */
  let pupilId: string;
  let youthId: string;
  /** Born 1974-08-20: turned 51 on 2025-08-20. */
  let elderId: string;

  const sql = (service: string, text: string, params: unknown[] = []) =>
    graph.services.get(service)!.dataSource.query(text, params) as Promise<Record<string, unknown>[]>;

  beforeAll(async () => {
    graph = await startTestGraph();
    jiangxi = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    hubei = await graph.token({ role: 'COUNTY', regionCode: '420102' });
    [hubeiSchoolId, hubeiSchool2Id] = await insertSchools(graph, [
      { code: '4201020101', name: '江岸区测试小学', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: HUBEI_TOWNSHIP, inPovertyArea: false },
      { code: '4201020102', name: '江岸区第二小学', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: HUBEI_TOWNSHIP, inPovertyArea: false },
    ]) as [string, string];
    // The demo regions stop at 江岸区: give it a township and a village for the household.
    await sql(
      'households',
      `INSERT INTO region (code, name, level, parent_code) VALUES ($1, '测试街道', 'TOWNSHIP', '420102'), ($2, '测试社区', 'VILLAGE', $1)`,
      [HUBEI_TOWNSHIP, HUBEI_VILLAGE],
    );
    const household = await graph.graphql<{ registerHousehold: { members: { id: string; name: string }[] } }>(
      REGISTER_HOUSEHOLD,
      {
        input: {
          registrationNumber: `T${HUBEI_VILLAGE}0001`,
          villageCode: HUBEI_VILLAGE,
          category: 'POVERTY_REGISTERED',
          povertyCauses: ['ILLNESS'],
          annualIncomePerCapitaFen: 310000,
          identifiedOn: '2016-03-01',
          members: [
            { name: '迁户主', idNumber: makeIdNumber('360323', '1980-02-11', 101), relationToHead: 'HEAD' },
            { name: '迁小学生', idNumber: makeIdNumber('360323', '2016-04-12', 102), relationToHead: 'CHILD' },
            { name: '迁中职生', idNumber: makeIdNumber('360323', '2008-06-13', 104), relationToHead: 'CHILD' },
            { name: '迁老农', idNumber: makeIdNumber('360323', '1974-08-20', 105), relationToHead: 'PARENT' },
          ],
        },
      },
      hubei,
    );
    expect(household.errors).toBeUndefined();
    // By name: the members come back in no promised order (a pupil's age must fit the grade enrolled).
    const idOf = (name: string) => household.data!.registerHousehold.members.find((m) => m.name === name)!.id;
    [pupilId, youthId, elderId] = [idOf('迁小学生'), idOf('迁中职生'), idOf('迁老农')];
  });
  afterAll(() => graph?.stop());

  describe('item 1: a masked ID number is not completed by a birth date', () => {
    const idNumber = makeIdNumber('360323', '1991-07-23', 51);
    let teacherId: string;

    beforeAll(async () => {
      const registered = await graph.graphql<{ registerTeacher: { id: string } }>(
        REGISTER_TEACHER,
        { input: { name: '掩码测', idNumber, schoolId: DALING.id, postType: 'REGULAR', rural: true, hardshipTier: 1, startedOn: '2014-09-01' } },
        jiangxi,
      );
      expect(registered.errors).toBeUndefined();
      teacherId = registered.data!.registerTeacher.id;
    });

    it('serves a teacher to a COUNTY token without pii:read with the birth year only', async () => {
      const read = await graph.graphql<{ teacher: Record<string, unknown> }>(TEACHER, { id: teacherId }, jiangxi);
      expect(read.errors).toBeUndefined();
      expect(read.data!.teacher).toEqual({ id: teacherId, idNumberMasked: maskIdNumber(idNumber), gender: 'MALE', birthYear: 1991, birthDate: null });
      expect(JSON.stringify(read.data)).not.toMatch(/0723|07-23/);
    });

    it('serves the full birth date to a pii:read holder, which completes the ID number with the mask', async () => {
      const reader = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['pii:read'] });
      const read = await graph.graphql<{ teacher: { idNumberMasked: string; birthDate: string } }>(TEACHER, { id: teacherId }, reader);
      expect(read.errors).toBeUndefined();
      expect(read.data!.teacher.birthDate).toBe('1991-07-23');
      expect(idNumber.slice(6, 14)).toBe(read.data!.teacher.birthDate.replaceAll('-', ''));
    });

    it('keeps the birth date out of the teacher audit trail an auditor without pii:read reads', async () => {
      const auditor = await graph.token({ role: 'AUDITOR', regionCode: '360323' });
      const moved = await graph.graphql(
        `mutation($id: ID!) { recordTeacherLeft(teacherId: $id, on: "2024-07-31") { id } }`,
        { id: teacherId },
        jiangxi,
      );
      expect(moved.errors).toBeUndefined();
      const trail = await graph.graphql<{ teachersAuditTrail: { edges: { node: { operation: string; before: string | null; after: string | null } }[] } }>(
        TEACHER_TRAIL,
        { id: teacherId },
        auditor,
      );
      expect(trail.errors).toBeUndefined();
      const nodes = trail.data!.teachersAuditTrail.edges.map((e) => e.node);
      expect(nodes.map((n) => n.operation).sort()).toEqual(['recordTeacherLeft', 'registerTeacher']);
      for (const node of nodes) {
        const images = [node.before, node.after].filter((i): i is string => i !== null);
        for (const image of images) {
          expect(image).not.toMatch(/1991-07-23|19910723/);
          expect(JSON.parse(image)).toMatchObject({ birthYear: 1991 });
          expect(JSON.parse(image)).not.toHaveProperty('birthDate');
        }
      }
    });
  });

  describe('item 1: no birth-date oracle in the skills-training age rules', () => {
    const TRAIN = /* GraphQL */ `
      mutation Train($input: SkillsTrainingInput!) { recordSkillsTraining(input: $input) { id completedOn } }
    `;
    const train = (personId: string, kind: string, completedOn: string, token: string) =>
      graph.graphql<{ recordSkillsTraining: { id: string } }>(TRAIN, { input: { personId, kind, hours: 40, completedOn } }, token);
    const trainings = async (personId: string) =>
      (await sql('vocational', `SELECT count(*)::int AS n FROM skills_training WHERE person_id = $1`, [personId]))[0]!.n;

    it('answers a COUNTY token without pii:read the same on either side of a birthday, writing nothing', async () => {
      const farmer = await Promise.all(['2025-08-19', '2025-08-20'].map((d) => train(elderId, 'NEW_PROFESSIONAL_FARMER', d, hubei)));
      expect(farmer.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
      expect(farmer[0]!.errors![0]!.message).toBe(farmer[1]!.errors![0]!.message);
      const born = await Promise.all(['2008-06-12', '2008-06-13'].map((d) => train(youthId, 'RAIN_DEW', d, hubei)));
      expect(born.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
      expect(born[0]!.errors![0]!.message).toBe(born[1]!.errors![0]!.message);
      for (const result of [...farmer, ...born]) expect(told(result)).not.toMatch(/08-20|0820|06-13|0613/);
      expect(await trainings(elderId)).toBe(0);
      expect(await trainings(youthId)).toBe(0);
    });

    it('decides by the birth day for a pii:read holder', async () => {
      const reader = await graph.token({ role: 'COUNTY', regionCode: '420102', scopes: ['pii:read'] });
      const dayBefore = await train(elderId, 'NEW_PROFESSIONAL_FARMER', '2025-08-19', reader);
      expect(dayBefore.errors).toBeUndefined();
      const birthday = await train(elderId, 'NEW_PROFESSIONAL_FARMER', '2025-08-20', reader);
      expect(birthday.errors?.[0]?.message).toMatch(/was 51/);
    });
  });

  describe('item 3: duplicate checks say nothing about rows outside the caller’s scope', () => {
    it('registerTeacher: an active teacher of 芦溪县 registered again by 江岸区', async () => {
      const idNumber = makeIdNumber('360323', '1988-03-09', 61);
      const first = await graph.graphql<{ registerTeacher: { id: string } }>(
        REGISTER_TEACHER,
        { input: { name: '赣教师', idNumber, schoolId: DALING.id, postType: 'REGULAR', rural: true, hardshipTier: 1, startedOn: '2012-09-01' } },
        jiangxi,
      );
      expect(first.errors).toBeUndefined();
      const jiangxiTeacher = first.data!.registerTeacher.id;
      const again = { name: '鄂教师', idNumber, schoolId: hubeiSchoolId, postType: 'REGULAR', rural: false, hardshipTier: 0, startedOn: '2020-09-01' };
      const refused = await graph.graphql(REGISTER_TEACHER, { input: again }, hubei);
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toMatch(/outside your region/);
      const said = told(refused);
      for (const secret of ['3603', jiangxiTeacher, DALING.id, DALING.name, '赣教师']) expect(said).not.toContain(secret);
      expect(await sql('teachers', `SELECT count(*)::int AS n FROM teacher WHERE id_number = $1`, [idNumber])).toEqual([{ n: 1 }]);

      // Inside the scope the clerk is told which teacher it is.
      const inside = await graph.graphql(REGISTER_TEACHER, { input: { ...again, schoolId: DALING.id, name: '赣教师' } }, jiangxi);
      expect(inside.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', existing: { teacherId: jiangxiTeacher } });
    });

    it('enrolStudent: a pupil of a 江岸区 household still ENROLLED at a school of 芦溪县', async () => {
      const [row] = await sql(
        'schools',
        `INSERT INTO enrolment (person_id, school_id, region_code, academic_year, stage, grade, boarding, special_education, agriculture_major, status, enrolled_on)
         VALUES ($1, $2, $3, $4, 'PRIMARY', 3, false, false, false, 'ENROLLED', $5) RETURNING id`,
        [pupilId, DALING.id, DALING.regionCode, ACADEMIC_YEAR, `${ACADEMIC_YEAR}-09-01`],
      );
      const refused = await graph.graphql(
        ENROL_STUDENT,
        { input: { personId: pupilId, schoolId: hubeiSchoolId, academicYear: ACADEMIC_YEAR, stage: 'PRIMARY', grade: 3, boarding: false } },
        hubei,
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toMatch(/outside your region.*must transfer/);
      const said = told(refused);
      for (const secret of ['3603', row!.id as string, DALING.id, DALING.name]) expect(said).not.toContain(secret);
      expect(refused.errors?.[0]?.extensions).not.toHaveProperty('existing');
    });

    it('enrolStudent inside the scope still names the existing record', async () => {
      const enrolled = await graph.graphql<{ enrolStudent: { id: string } }>(
        ENROL_STUDENT,
        { input: { personId: pupilId, schoolId: hubeiSchoolId, academicYear: ACADEMIC_YEAR - 1, stage: 'PRIMARY', grade: 2, boarding: false } },
        hubei,
      );
      expect(enrolled.errors).toBeUndefined();
      const again = await graph.graphql(
        ENROL_STUDENT,
        { input: { personId: pupilId, schoolId: hubeiSchool2Id, academicYear: ACADEMIC_YEAR - 1, stage: 'PRIMARY', grade: 2, boarding: false } },
        hubei,
      );
      expect(again.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        existing: { enrolmentId: enrolled.data!.enrolStudent.id, schoolId: hubeiSchoolId },
      });
    });

    it('transferStudent: a concurrent enrolment is a CONFLICT that names nothing (not INTERNAL_SERVER_ERROR)', async () => {
      const year = ACADEMIC_YEAR - 2;
      const enrolled = await graph.graphql<{ enrolStudent: { id: string } }>(
        ENROL_STUDENT,
        { input: { personId: pupilId, schoolId: hubeiSchoolId, academicYear: year, stage: 'PRIMARY', grade: 1, boarding: false } },
        hubei,
      );
      expect(enrolled.errors).toBeUndefined();
      // 芦溪县 enrols the child at the same moment: its record is committed while the transfer
      // runs (a trigger stands in for the other request, between the transfer's reads and its insert).
      await sql(
        'schools',
        `CREATE FUNCTION test_concurrent_enrolment() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.status = 'TRANSFERRED_OUT' AND NEW.person_id = '${pupilId}' THEN
             INSERT INTO enrolment (person_id, school_id, region_code, academic_year, stage, grade, boarding, special_education, agriculture_major, status, enrolled_on)
             VALUES (NEW.person_id, '${DALING.id}', '${DALING.regionCode}', NEW.academic_year, 'PRIMARY', 1, false, false, false, 'ENROLLED', '${year}-09-02');
           END IF;
           RETURN NEW;
         END $$`,
      );
      await sql('schools', `CREATE TRIGGER test_concurrent_enrolment AFTER UPDATE ON enrolment FOR EACH ROW EXECUTE FUNCTION test_concurrent_enrolment()`);
      try {
        const refused = await graph.graphql(
          TRANSFER_STUDENT,
          { input: { enrolmentId: enrolled.data!.enrolStudent.id, toSchoolId: hubeiSchool2Id, boarding: false, on: `${year}-10-01` } },
          hubei,
        );
        expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
        const said = told(refused);
        for (const secret of ['3603', DALING.id, DALING.name]) expect(said).not.toContain(secret);
      } finally {
        await sql('schools', `DROP TRIGGER test_concurrent_enrolment ON enrolment`);
        await sql('schools', `DROP FUNCTION test_concurrent_enrolment()`);
      }
      // Nothing was written: the record is still ENROLLED at the first school.
      expect(await sql('schools', `SELECT status, school_id FROM enrolment WHERE person_id = $1 AND academic_year = $2`, [pupilId, year])).toEqual([
        { status: 'ENROLLED', school_id: hubeiSchoolId },
      ]);
    });

    it('enrolVocational: a youth of a 江岸区 household with a live enrolment in 芦溪县', async () => {
      const [jiangxiProgram] = await sql('vocational', `SELECT id FROM vocational_program WHERE region_code LIKE '3603%' LIMIT 1`);
      const [live] = await sql(
        'vocational',
        `INSERT INTO vocational_enrolment (person_id, region_code, program_id, start_year, status) VALUES ($1, $2, $3, $4, 'ENROLLED') RETURNING id`,
        [youthId, JIANGXI_VILLAGE, jiangxiProgram!.id, ACADEMIC_YEAR - 1],
      );
      const [hubeiProgram] = await sql(
        'vocational',
        `INSERT INTO vocational_program (school_id, region_code, major, agricultural, duration_years) VALUES ($1, $2, '汽车运用与维修', false, 3) RETURNING id`,
        [hubeiSchoolId, HUBEI_TOWNSHIP],
      );
      const refused = await graph.graphql(
        ENROL_VOCATIONAL,
        { input: { personId: youthId, programId: hubeiProgram!.id, startYear: ACADEMIC_YEAR, nonContinuingGraduate: false } },
        hubei,
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toMatch(/outside your region/);
      const said = told(refused);
      for (const secret of ['3603', live!.id as string, jiangxiProgram!.id as string]) expect(said).not.toContain(secret);
    });
  });

  describe('scope bugs from the same review', () => {
    it('updateSchool moving a school to another township carries its facility rows along', async () => {
      const [schoolId] = await insertSchools(graph, [
        { code: '3603230991', name: '搬迁测试小学', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: '360323100', inPovertyArea: true },
      ]);
      const gap = await graph.graphql<{ recordFacilityGap: { id: string } }>(
        `mutation($input: FacilityGapInput!) { recordFacilityGap(input: $input) { id } }`,
        { input: { schoolId, category: 'TOILETS', description: '旱厕改造', estimatedCostFen: 1_200_000 } },
        jiangxi,
      );
      expect(gap.errors).toBeUndefined();
      const moved = await graph.graphql(
        `mutation($id: ID!) { updateSchool(id: $id, input: { regionCode: "360323101" }) { id } }`,
        { id: schoolId },
        jiangxi,
      );
      expect(moved.errors).toBeUndefined();
      expect(await sql('schools', `SELECT region_code FROM facility_gap WHERE school_id = $1`, [schoolId])).toEqual([{ region_code: '360323101' }]);
    });

    it('teachers narrows a region above the caller to its own scope, like the other services’ lists', async () => {
      const township = await graph.token({ role: 'TOWNSHIP', regionCode: DALING.regionCode });
      const listed = await graph.graphql<{ teachers: { totalCount: number } }>(`{ teachers(regionCode: "360323", first: 1) { totalCount } }`, {}, township);
      expect(listed.errors).toBeUndefined();
      const own = await graph.graphql<{ teachers: { totalCount: number } }>(
        `{ teachers(regionCode: "${DALING.regionCode}", first: 1) { totalCount } }`,
        {},
        township,
      );
      expect(listed.data!.teachers.totalCount).toBe(own.data!.teachers.totalCount);
      expect(own.data!.teachers.totalCount).toBeGreaterThan(0);
      const outside = await graph.graphql(`{ teachers(regionCode: "420102", first: 1) { totalCount } }`, {}, township);
      expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // A report is not a list: a figure for the whole county from a township's share would pass
      // for the county's, so a report on a region above the caller stays FORBIDDEN.
      const report = await graph.graphql(`{ supportTeachingProgress(regionCode: "360323", year: 2024) { regionCode } }`, {}, township);
      expect(report.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('flagNonContinuingGraduate does not take over a flag 芦溪县 recorded', async () => {
      await sql('vocational', `INSERT INTO non_continuing_graduate (person_id, region_code, year) VALUES ($1, $2, $3)`, [
        youthId,
        JIANGXI_VILLAGE,
        ACADEMIC_YEAR - 1,
      ]);
      const refused = await graph.graphql(FLAG, { personId: youthId, year: ACADEMIC_YEAR - 1 }, hubei);
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(told(refused)).not.toContain('3603');
      expect(await sql('vocational', `SELECT region_code, year FROM non_continuing_graduate WHERE person_id = $1`, [youthId])).toEqual([
        { region_code: JIANGXI_VILLAGE, year: ACADEMIC_YEAR - 1 },
      ]);
      expect(await sql('vocational', `SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'flagNonContinuingGraduate' AND entity_id = $1`, [youthId])).toEqual([
        { n: 0 },
      ]);
    });
  });
});
