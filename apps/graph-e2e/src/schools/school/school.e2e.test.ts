import { randomUUID } from 'node:crypto';
import { startTestGraph, type GraphQLResult, type TestGraph } from '../../support';
import { DEMO_SCHOOLS, DEMO_VILLAGES, demoEnrolments, demoHouseholds } from '@epg/demo';
import { SchoolEntity, EnrolmentEntity, DropoutCaseEntity, RegisteredChildEntity } from '@epg/schools';

const SCHOOL = /* GraphQL */ `
  query School($id: ID!) {
    school(id: $id) { id code name type ownership inPovertyArea region { code name } }
  }
`;

const SCHOOLS = /* GraphQL */ `
  query Schools($filter: SchoolFilter!, $first: Int!, $after: String) {
    schools(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id code name type ownership region { code name } } }
    }
  }
`;

const REGISTER = /* GraphQL */ `
  mutation RegisterSchool($input: RegisterSchoolInput!) {
    registerSchool(input: $input) { id code name type ownership inPovertyArea modelLevel region { code } }
  }
`;

const ENROL = /* GraphQL */ `
  mutation EnrolStudent($input: EnrolStudentInput!) {
    enrolStudent(input: $input) {
      id academicYear stage grade boarding specialEducation status
      school { id name }
      person { id name }
    }
  }
`;

const TRANSFER = /* GraphQL */ `
  mutation Transfer($input: TransferStudentInput!) {
    transferStudent(input: $input) { id status stage grade school { id } }
  }
`;

const PERSON_ENROLMENTS = /* GraphQL */ `
  query PersonEnrolments($id: ID!) {
    person(id: $id) {
      id
      enrolments { id academicYear status school { id } }
      currentEnrolment(academicYear: 2024) { id school { id } }
    }
  }
`;

const PROFILE = /* GraphQL */ `
  query SchoolProfile($id: ID!, $academicYear: Int!) {
    school(id: $id) {
      id code name type ownership inPovertyArea
      region { code name }
      enrolmentCount(academicYear: $academicYear)
      boardingCount(academicYear: $academicYear)
      facilityGaps { id category description estimatedCostFen closed }
      projects { id name status budgetFen spentFen startedOn completedOn closesGaps { id category } }
    }
  }
`;

const GAP = /* GraphQL */ `
  mutation RecordFacilityGap($input: FacilityGapInput!) {
    recordFacilityGap(input: $input) { id category description estimatedCostFen closed }
  }
`;

const CREATE_PROJECT = /* GraphQL */ `
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) { id status budgetFen funding { financeFen povertyAlleviationLoanFen socialFen } closesGaps { id } }
  }
`;

const CHANGE_STATUS = /* GraphQL */ `
  mutation ChangeStatus($input: ChangeProjectStatusInput!) {
    changeProjectStatus(input: $input) { id status spentFen startedOn completedOn history { status on } }
  }
`;

const INDICATORS = /* GraphQL */ `
  query Indicators($code: String!, $year: Int!) {
    region(code: $code) {
      code
      educationIndicators(academicYear: $year) {
        preschoolEnrolmentRate preschoolEnrolled preschoolChildren
        compulsoryEnrolmentRate compulsoryEnrolled compulsoryChildren
        compulsoryRetentionRate compulsoryRetained compulsoryRetentionBase
        seniorEnrolmentRate seniorEnrolled seniorAgeChildren
        openDropoutCases
        targets { preschoolEnrolmentRate compulsoryEnrolmentRate compulsoryRetentionRate seniorEnrolmentRate }
      }
    }
  }
`;

type SchoolPage = {
  schools: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { code: string; type: string } }[] };
};

const demoSchool = (name: string) => DEMO_SCHOOLS.find((s) => s.name === name)!;
const XUANFENG_PRIMARY = demoSchool('宣风镇中心小学');
const JIUZHOU_PRIMARY = demoSchool('上埠镇九州小学');

describe('schools service', () => {
  let graph: TestGraph;
  let county: string;
  let luxi: SchoolEntity;
  let wuhan: SchoolEntity;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const schools = graph.services.get('schools')!.dataSource.getRepository(SchoolEntity);
    [luxi, wuhan] = (await schools.save([
      { code: '2136032391', name: '宣风镇测试小学', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: '360323101', inPovertyArea: true },
      { code: '2142010291', name: '武汉某小学', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: '420102001', inPovertyArea: false },
    ] as SchoolEntity[])) as [SchoolEntity, SchoolEntity];
  });
  afterAll(() => graph?.stop());

  describe('school register', () => {
    it('serves a school in scope, with its region resolved by the households service', async () => {
      const result = await graph.graphql(SCHOOL, { id: luxi.id }, county);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        school: {
          id: luxi.id,
          code: '2136032391',
          name: '宣风镇测试小学',
          type: 'PRIMARY',
          ownership: 'PUBLIC',
          inPovertyArea: true,
          region: { code: '360323101', name: '宣风镇' },
        },
      });
    });

    it('returns nothing for a school outside the caller region, even by id, or for a malformed id', async () => {
      expect((await graph.graphql(SCHOOL, { id: wuhan.id }, county)).data).toEqual({ school: null });
      expect((await graph.graphql(SCHOOL, { id: 'not-a-uuid' }, county)).data).toEqual({ school: null });
    });

    it('registers a school and refuses a duplicate code with CONFLICT', async () => {
      const input = {
        code: '3636032399',
        name: '芦溪镇新建小学',
        type: 'PRIMARY',
        ownership: 'PUBLIC',
        regionCode: '360323100',
        inPovertyArea: true,
        modelLevel: 'COUNTY',
      };
      const created = await graph.graphql<{ registerSchool: { id: string } }>(REGISTER, { input }, county);
      expect(created.errors).toBeUndefined();
      expect(created.data!.registerSchool).toEqual({
        id: expect.any(String),
        code: '3636032399',
        name: '芦溪镇新建小学',
        type: 'PRIMARY',
        ownership: 'PUBLIC',
        inPovertyArea: true,
        modelLevel: 'COUNTY',
        region: { code: '360323100' },
      });
      const again = await graph.graphql(REGISTER, { input: { ...input, name: '另一所' } }, county);
      expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(again.errors?.[0]?.message).toContain('3636032399');
    });

    it('validates the input with field paths, and refuses regions outside scope and read-only roles', async () => {
      const base = { code: '3636032398', name: '某校', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: '360323100', inPovertyArea: true };
      const bad = await graph.graphql(REGISTER, { input: { ...base, code: '12345' } }, county);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.code', message: expect.any(String) }] });
      const countyLevel = await graph.graphql(REGISTER, { input: { ...base, regionCode: '360323' } }, county);
      expect(countyLevel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.regionCode' }] });
      const hubei = await graph.graphql(REGISTER, { input: { ...base, regionCode: '420102001' } }, county);
      expect(hubei.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const auditor = await graph.token({ role: 'AUDITOR', regionCode: '360323' });
      const readOnly = await graph.graphql(REGISTER, { input: base }, auditor);
      expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('updates a school: name, model level, digital coverage', async () => {
      const update = `mutation($id: ID!, $input: UpdateSchoolInput!) {
        updateSchool(id: $id, input: $input) { id name modelLevel digitalCoverage { broadband classrooms multimediaClassrooms everyClassroomMultimedia } }
      }`;
      const input = { name: '宣风镇测试小学(新)', modelLevel: 'PROVINCIAL', digitalCoverage: { broadband: true, classrooms: 6, multimediaClassrooms: 6, linkedToProvincialPlatform: false } };
      const result = await graph.graphql(update, { id: luxi.id, input }, county);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        updateSchool: { id: luxi.id, name: '宣风镇测试小学(新)', modelLevel: 'PROVINCIAL', digitalCoverage: { broadband: true, classrooms: 6, multimediaClassrooms: 6, everyClassroomMultimedia: true } },
      });
      const tooMany = await graph.graphql(update, { id: luxi.id, input: { digitalCoverage: { ...input.digitalCoverage, multimediaClassrooms: 7 } } }, county);
      expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.digitalCoverage.multimediaClassrooms' }] });
      const foreign = await graph.graphql(update, { id: wuhan.id, input: { name: 'x' } }, county);
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      await graph.graphql(update, { id: luxi.id, input: { name: '宣风镇测试小学' } }, county);
    });

    it('pages through the schools of a region by type with a total count', async () => {
      const expected = DEMO_SCHOOLS.filter((s) => s.type === 'PRIMARY').length + 2; // + 宣风镇测试小学, 芦溪镇新建小学
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: GraphQLResult<SchoolPage> = await graph.graphql<SchoolPage>(
          SCHOOLS,
          { filter: { regionCode: '360323', type: 'PRIMARY' }, first: 3, after },
          county,
        );
        expect(page.errors).toBeUndefined();
        expect(page.data!.schools.totalCount).toBe(expected);
        seen.push(...page.data!.schools.edges.map((e) => e.node.code));
        if (!page.data!.schools.pageInfo.hasNextPage) break;
        after = page.data!.schools.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(expected);
      expect([...seen].sort()).toEqual(seen);
      expect(new Set(seen).size).toBe(expected);
    });

    it('filters by any region level and narrows to the caller scope', async () => {
      const province = await graph.token({ role: 'PROVINCE', regionCode: '360000' });
      const all = await graph.graphql<{ schools: { totalCount: number } }>(SCHOOLS, { filter: { regionCode: '360000' }, first: 1 }, province);
      expect(all.data!.schools.totalCount).toBe(DEMO_SCHOOLS.length + 2);
      const township = await graph.token({ role: 'TOWNSHIP', regionCode: '360323101' });
      const narrowed = await graph.graphql<{ schools: { totalCount: number; edges: { node: { region: { code: string } } }[] } }>(
        SCHOOLS,
        { filter: { regionCode: '360323' }, first: 50 },
        township,
      );
      expect(narrowed.data!.schools.totalCount).toBe(DEMO_SCHOOLS.filter((s) => s.regionCode.startsWith('360323101')).length + 1);
      expect(narrowed.data!.schools.edges.every((e) => e.node.region.code.startsWith('360323101'))).toBe(true);
      const hubei = await graph.graphql(SCHOOLS, { filter: { regionCode: '420102' }, first: 5 }, county);
      expect(hubei.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const badCursor = await graph.graphql(SCHOOLS, { filter: { regionCode: '360323' }, first: 5, after: 'nope' }, county);
      expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('enrolment (学籍)', () => {
    // A registered child of compulsory age in 2024, living in 宣风镇 (360323101).
    const child = demoHouseholds()
      .filter((h) => h.villageCode.startsWith('360323101') && h.statusHistory[h.statusHistory.length - 1]!.status !== 'REMOVED')
      .flatMap((h) => h.members)
      .find((m) => m.birthDate >= '2014-09-01' && m.birthDate <= '2016-08-31')!;
    let firstId: string;

    it('enrols a registered child, with the person resolved by the households service', async () => {
      const input = { personId: child.id, schoolId: XUANFENG_PRIMARY.id, academicYear: 2024, stage: 'PRIMARY', grade: 3, boarding: true, enrolledOn: '2024-09-01' };
      const result = await graph.graphql<{ enrolStudent: { id: string } }>(ENROL, { input }, county);
      expect(result.errors).toBeUndefined();
      firstId = result.data!.enrolStudent.id;
      expect(result.data!.enrolStudent).toEqual({
        id: expect.any(String),
        academicYear: 2024,
        stage: 'PRIMARY',
        grade: 3,
        boarding: true,
        specialEducation: false,
        status: 'ENROLLED',
        school: { id: XUANFENG_PRIMARY.id, name: XUANFENG_PRIMARY.name },
        person: { id: child.id, name: child.name },
      });
    });

    it('refuses a second ENROLLED record in the same year with CONFLICT', async () => {
      const input = { personId: child.id, schoolId: JIUZHOU_PRIMARY.id, academicYear: 2024, stage: 'PRIMARY', grade: 3, boarding: false };
      const result = await graph.graphql(ENROL, { input }, county);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', existing: { enrolmentId: firstId, schoolId: XUANFENG_PRIMARY.id } });
    });

    it('refuses a stage the school does not teach, a grade beyond the stage, and an unknown person', async () => {
      const base = { personId: child.id, schoolId: XUANFENG_PRIMARY.id, academicYear: 2025, stage: 'PRIMARY', grade: 4, boarding: false };
      const senior = await graph.graphql(ENROL, { input: { ...base, stage: 'SENIOR', grade: 1 } }, county);
      expect(senior.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.stage' }] });
      const grade = await graph.graphql(ENROL, { input: { ...base, grade: 7 } }, county);
      expect(grade.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.grade' }] });
      const nobody = await graph.graphql(ENROL, { input: { ...base, personId: randomUUID() } }, county);
      expect(nobody.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(nobody.errors?.[0]?.message).toBe('person not found in your region');
      const elsewhere = await graph.token({ role: 'TOWNSHIP', regionCode: '360323102' });
      const outOfScope = await graph.graphql(ENROL, { input: { ...base, schoolId: JIUZHOU_PRIMARY.id } }, elsewhere);
      expect(outOfScope.errors?.[0]?.message).toBe('person not found in your region');
    });

    it('transfers: closes the old record and opens the new one in one move', async () => {
      const result = await graph.graphql<{ transferStudent: { id: string } }>(
        TRANSFER,
        { input: { enrolmentId: firstId, toSchoolId: JIUZHOU_PRIMARY.id, boarding: false, on: '2024-10-08' } },
        county,
      );
      expect(result.errors).toBeUndefined();
      const newId = result.data!.transferStudent.id;
      expect(result.data!.transferStudent).toEqual({ id: newId, status: 'ENROLLED', stage: 'PRIMARY', grade: 3, school: { id: JIUZHOU_PRIMARY.id } });
      const person = await graph.graphql<{ person: { enrolments: { id: string; academicYear: number; status: string }[]; currentEnrolment: { id: string } } }>(
        PERSON_ENROLMENTS,
        { id: child.id },
        county,
      );
      expect(person.errors).toBeUndefined();
      const y2024 = person.data!.person.enrolments.filter((e) => e.academicYear === 2024);
      expect(y2024.map((e) => [e.id, e.status]).sort()).toEqual([[firstId, 'TRANSFERRED_OUT'], [newId, 'ENROLLED']].sort());
      expect(person.data!.person.currentEnrolment).toEqual({ id: newId, school: { id: JIUZHOU_PRIMARY.id } });
      const twice = await graph.graphql(TRANSFER, { input: { enrolmentId: firstId, toSchoolId: XUANFENG_PRIMARY.id, boarding: false } }, county);
      expect(twice.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('counts enrolled and boarding students of many schools with one SQL statement', async () => {
      // Counted: ENROLLED records (the demo's 2023 vocational 学籍 include graduations and dropouts).
      const demo = demoEnrolments(2023).filter((e) => e.status === 'ENROLLED');
      const expected = (schoolId: string) => ({
        enrolmentCount: demo.filter((e) => e.schoolId === schoolId).length,
        boardingCount: demo.filter((e) => e.schoolId === schoolId && e.boarding).length,
      });
      const sql = graph.services.get('schools')!.sql;
      const query = `query($f: SchoolFilter!) { schools(filter: $f, first: 50) { edges { node { id enrolmentCount(academicYear: 2023) boardingCount(academicYear: 2023) } } } }`;
      sql.reset();
      const result = await graph.graphql<{ schools: { edges: { node: { id: string; enrolmentCount: number; boardingCount: number } }[] } }>(
        query,
        { f: { regionCode: '360323' } },
        county,
      );
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.schools.edges.map((e) => e.node);
      expect(nodes.length).toBeGreaterThan(20);
      for (const node of nodes) expect({ enrolmentCount: node.enrolmentCount, boardingCount: node.boardingCount }).toEqual(expected(node.id));
      expect(nodes.reduce((sum, n) => sum + n.enrolmentCount, 0)).toBe(demo.length);
      expect(sql.total).toBe(2); // the page, then one count for every (school, year)
    });
  });

  describe('facility gaps and projects', () => {
    it('keeps a gap cost above 2^31 fen exact (Fen), and refuses a float or decimal amount writing nothing', async () => {
      // ¥35,000,000 for a teaching building: 3,500,000,000 fen, past the 32-bit Int range.
      const big = 3_500_000_000;
      const gap = await graph.graphql<{ recordFacilityGap: { id: string; estimatedCostFen: number } }>(
        GAP,
        { input: { schoolId: XUANFENG_PRIMARY.id, category: 'TEACHING_ROOMS', description: '教学楼新建', estimatedCostFen: big } },
        county,
      );
      expect(gap.errors).toBeUndefined();
      expect(gap.data!.recordFacilityGap.estimatedCostFen).toBe(big);
      const summary = await graph.graphql<{ region: { facilitySummary: { outstandingGapCostFen: number } } }>(
        `query { region(code: "360323") { facilitySummary { outstandingGapCostFen } } }`,
        {},
        county,
      );
      expect(summary.errors).toBeUndefined();
      expect(summary.data!.region.facilitySummary.outstandingGapCostFen).toBeGreaterThanOrEqual(big);
      expect(Number.isInteger(summary.data!.region.facilitySummary.outstandingGapCostFen)).toBe(true);

      const gapCount = async () =>
        (await graph.dataWithin('schools', '360323').query<{ n: string }>((region) => `SELECT count(*) AS n FROM facility_gap g WHERE ${region('g.region_code')}`))[0]!.n;
      const before = await gapCount();
      for (const estimatedCostFen of [1.5, '12.00']) {
        const bad = await graph.graphql(
          GAP,
          { input: { schoolId: XUANFENG_PRIMARY.id, category: 'TOILETS', description: '小数金额', estimatedCostFen } },
          county,
        );
        expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
      expect(await gapCount()).toBe(before);
    });

    it('closes a gap when the project closing it is ACCEPTED, with a dated history', async () => {
      const gap = await graph.graphql<{ recordFacilityGap: { id: string } }>(
        GAP,
        { input: { schoolId: luxi.id, category: 'TOILETS', description: '旱厕改造', estimatedCostFen: 12_000_000 } },
        county,
      );
      expect(gap.errors).toBeUndefined();
      const gapId = gap.data!.recordFacilityGap.id;
      expect(gap.data!.recordFacilityGap).toEqual({ id: gapId, category: 'TOILETS', description: '旱厕改造', estimatedCostFen: 12_000_000, closed: false });

      const project = await graph.graphql<{ createProject: { id: string } }>(
        CREATE_PROJECT,
        {
          input: {
            schoolId: luxi.id,
            name: '宣风镇测试小学厕所改造',
            kind: 'COMPREHENSIVE_IMPROVEMENT',
            budgetFen: 12_500_000,
            funding: { financeFen: 10_000_000, povertyAlleviationLoanFen: 2_000_000, socialFen: 500_000 },
            closesGapIds: [gapId],
            on: '2023-03-01',
          },
        },
        county,
      );
      expect(project.errors).toBeUndefined();
      const projectId = project.data!.createProject.id;
      expect(project.data!.createProject).toMatchObject({ status: 'PLANNED', budgetFen: 12_500_000, closesGaps: [{ id: gapId }] });

      const skip = await graph.graphql(CHANGE_STATUS, { input: { projectId, status: 'COMPLETED', on: '2023-04-01' } }, county);
      expect(skip.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.status' }] });

      const steps: [string, string, number | undefined][] = [
        ['APPROVED', '2023-04-01', undefined],
        ['UNDER_CONSTRUCTION', '2023-05-10', 4_000_000],
        ['COMPLETED', '2023-08-20', 12_300_000],
      ];
      for (const [status, on, spentFen] of steps) {
        const moved = await graph.graphql(CHANGE_STATUS, { input: { projectId, status, on, spentFen } }, county);
        expect(moved.errors).toBeUndefined();
      }
      const profileBefore = await graph.graphql<{ school: { facilityGaps: { closed: boolean }[] } }>(PROFILE, { id: luxi.id, academicYear: 2023 }, county);
      expect(profileBefore.data!.school.facilityGaps).toEqual([expect.objectContaining({ id: gapId, closed: false })]);

      const accepted = await graph.graphql<{ changeProjectStatus: { history: { status: string; on: string }[] } }>(
        CHANGE_STATUS,
        { input: { projectId, status: 'ACCEPTED', on: '2023-09-15' } },
        county,
      );
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data!.changeProjectStatus).toMatchObject({ status: 'ACCEPTED', spentFen: 12_300_000, startedOn: '2023-05-10', completedOn: '2023-08-20' });
      expect(accepted.data!.changeProjectStatus.history.map((h) => `${h.status}@${h.on}`)).toEqual([
        'PLANNED@2023-03-01',
        'APPROVED@2023-04-01',
        'UNDER_CONSTRUCTION@2023-05-10',
        'COMPLETED@2023-08-20',
        'ACCEPTED@2023-09-15',
      ]);

      const profile = await graph.graphql(PROFILE, { id: luxi.id, academicYear: 2023 }, county);
      expect(profile.errors).toBeUndefined();
      expect(profile.data).toEqual({
        school: expect.objectContaining({
          id: luxi.id,
          region: { code: '360323101', name: '宣风镇' },
          enrolmentCount: 0,
          boardingCount: 0,
          facilityGaps: [{ id: gapId, category: 'TOILETS', description: '旱厕改造', estimatedCostFen: 12_000_000, closed: true }],
          projects: [
            {
              id: projectId,
              name: '宣风镇测试小学厕所改造',
              status: 'ACCEPTED',
              budgetFen: 12_500_000,
              spentFen: 12_300_000,
              startedOn: '2023-05-10',
              completedOn: '2023-08-20',
              closesGaps: [{ id: gapId, category: 'TOILETS' }],
            },
          ],
        }),
      });
    });

    it('refuses funding that does not add up, and gaps of another school', async () => {
      const wrong = await graph.graphql(
        CREATE_PROJECT,
        { input: { schoolId: luxi.id, name: 'x', kind: 'CANTEEN', budgetFen: 100, funding: { financeFen: 50, povertyAlleviationLoanFen: 0, socialFen: 0 } } },
        county,
      );
      expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.funding' }] });
      const gap = await graph.graphql<{ recordFacilityGap: { id: string } }>(
        GAP,
        { input: { schoolId: JIUZHOU_PRIMARY.id, category: 'WATER', description: '饮水设施', estimatedCostFen: 100 } },
        county,
      );
      const foreign = await graph.graphql(
        CREATE_PROJECT,
        {
          input: {
            schoolId: luxi.id,
            name: 'x',
            kind: 'CANTEEN',
            budgetFen: 100,
            funding: { financeFen: 100, povertyAlleviationLoanFen: 0, socialFen: 0 },
            closesGapIds: [gap.data!.recordFacilityGap.id],
          },
        },
        county,
      );
      expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.closesGapIds' }] });
    });

    it('rolls the demo county ledger up: the 2017 programme and the 16 rural school projects', async () => {
      const query = `query {
        region(code: "360323") {
          facilitySummary {
            schools schoolsMeetingBasicStandard outstandingGapCostFen
            outstandingGaps { category gaps estimatedCostFen }
            projectsByStatus { status projects budgetFen }
            digital { teachingPoints teachingPointsLinked }
          }
        }
      }`;
      const result = await graph.graphql<{ region: { facilitySummary: { projectsByStatus: { projects: number; budgetFen: number }[]; schools: number; schoolsMeetingBasicStandard: number; outstandingGaps: { category: string }[]; digital: { teachingPoints: number; teachingPointsLinked: number } } } }>(
        query,
        {},
        county,
      );
      expect(result.errors).toBeUndefined();
      const summary = result.data!.region.facilitySummary;
      const projects = summary.projectsByStatus.reduce((n, s) => n + s.projects, 0);
      const budget = summary.projectsByStatus.reduce((n, s) => n + s.budgetFen, 0);
      // Seed 004: the 2017 programme's 13, the 836.49万 programme's 16, the 3 village schools (600万); + the project this file accepted.
      expect(projects).toBe(13 + 16 + 3 + 1);
      expect(budget).toBe(37_620_000_000 + 836_490_000 + 600_000_000 + 12_500_000);
      expect(summary.schools).toBe(DEMO_SCHOOLS.length + 2);
      expect(summary.schoolsMeetingBasicStandard).toBeLessThan(summary.schools);
      expect(summary.outstandingGaps.map((g) => g.category)).toEqual(expect.arrayContaining(['BROADBAND', 'DORMITORY', 'HEATING']));
      expect(summary.digital).toEqual({ teachingPoints: 1, teachingPointsLinked: 0 });
    });
  });

  describe('education indicators', () => {
    // A hand-computed fixture in one village: the demo children the background consumer projected
    // there are taken out first (no household changes in this file, so it brings none back).
    const village = DEMO_VILLAGES[0]!.code;
    const other = DEMO_VILLAGES[20]!.code;
    const ids = Array.from({ length: 12 }, () => randomUUID());

    beforeAll(async () => {
      const ds = graph.services.get('schools')!.dataSource;
      await graph.projectionsCaughtUp();
      await ds.query(`DELETE FROM registered_child WHERE village_code = $1`, [village]);
      const child = (i: number, birthDate: string, over: Partial<RegisteredChildEntity> = {}) => ({
        personId: ids[i]!,
        householdId: randomUUID(),
        villageCode: village,
        name: `孩子${i}`,
        gender: 'MALE',
        birthDate,
        hasDisability: false,
        relationToHead: 'CHILD',
        householdStatus: 'IDENTIFIED',
        householdCategory: 'POVERTY_REGISTERED',
        householdExitedOn: null,
        removed: false,
        changedAt: new Date('2023-08-01T00:00:00Z'),
        projectedAt: new Date(),
        ...over,
      });
      await ds.getRepository(RegisteredChildEntity).insert([
        child(1, '2019-05-01'), // 4: preschool, enrolled
        child(2, '2020-09-01'), // 3: preschool, not enrolled
        child(3, '2017-09-01'), // 6: compulsory, enrolled
        child(4, '2017-09-02'), // 5: preschool, not enrolled
        child(5, '2012-03-10'), // 11: enrolled 2022 and 2023 (retained)
        child(6, '2011-06-10'), // 12: enrolled 2022 only (not retained, not enrolled)
        child(7, '2008-09-01'), // 15: senior 2023; graduated junior in 2022
        child(8, '2008-09-02'), // 14: junior 2022 and 2023 (retained)
        child(9, '2006-05-05'), // 17: senior age, not enrolled
        child(10, '2010-01-01', { removed: true }), // left the household: not counted
        child(11, '2013-01-01', { householdStatus: 'REMOVED' }), // household removed: not counted
        child(0, '2016-01-01', { villageCode: other }), // another village
      ]);
      const school = (stage: string) => (stage === 'PRESCHOOL' ? demoSchool('宣风中心幼儿园') : stage === 'PRIMARY' ? XUANFENG_PRIMARY : stage === 'SENIOR' ? demoSchool('芦溪中学') : demoSchool('宣风镇中学'));
      const enrol = (i: number, academicYear: number, stage: string, grade: number, status = 'ENROLLED') => ({
        personId: ids[i]!,
        schoolId: school(stage).id,
        regionCode: school(stage).regionCode,
        academicYear,
        stage,
        grade,
        boarding: false,
        specialEducation: false,
        agricultureMajor: false,
        status,
        enrolledOn: `${academicYear}-09-01`,
        endedOn: null,
        transferredToId: null,
      });
      await ds.getRepository(EnrolmentEntity).insert([
        enrol(1, 2023, 'PRESCHOOL', 2),
        enrol(3, 2023, 'PRIMARY', 1),
        enrol(5, 2022, 'PRIMARY', 5),
        enrol(5, 2023, 'PRIMARY', 6),
        enrol(6, 2022, 'PRIMARY', 6),
        enrol(7, 2022, 'JUNIOR', 3, 'GRADUATED'),
        enrol(7, 2023, 'SENIOR', 1),
        enrol(8, 2022, 'JUNIOR', 2),
        enrol(8, 2023, 'JUNIOR', 3),
        enrol(0, 2023, 'PRIMARY', 2),
      ] as EnrolmentEntity[]);
      await ds.getRepository(DropoutCaseEntity).insert([
        { personId: ids[6]!, regionCode: village, academicYear: 2023, status: 'CONFIRMED', openedOn: '2023-09-20', closedOn: null, closeReason: null },
        { personId: ids[9]!, regionCode: village, academicYear: 2022, status: 'CLOSED', openedOn: '2022-09-20', closedOn: '2022-12-01', closeReason: '返校', closedAs: 'RETURNED_TO_SCHOOL' },
      ] as DropoutCaseEntity[]);
    });

    it('matches the hand-computed fixture, with numerators, denominators and the county targets', async () => {
      const result = await graph.graphql(INDICATORS, { code: village, year: 2023 }, county);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        region: {
          code: village,
          educationIndicators: {
            preschoolEnrolmentRate: 1 / 3,
            preschoolEnrolled: 1,
            preschoolChildren: 3,
            compulsoryEnrolmentRate: 0.8,
            compulsoryEnrolled: 4,
            compulsoryChildren: 5,
            compulsoryRetentionRate: 2 / 3,
            compulsoryRetained: 2,
            compulsoryRetentionBase: 3,
            seniorEnrolmentRate: 0.5,
            seniorEnrolled: 1,
            seniorAgeChildren: 2,
            openDropoutCases: 1,
            targets: { preschoolEnrolmentRate: 0.75, compulsoryEnrolmentRate: 1, compulsoryRetentionRate: 0.98, seniorEnrolmentRate: null },
          },
        },
      });
    });

    it('answers null outside the caller scope', async () => {
      const elsewhere = await graph.token({ role: 'TOWNSHIP', regionCode: '360323102' });
      const result = await graph.graphql<{ region: { educationIndicators: unknown } | null }>(INDICATORS, { code: village, year: 2023 }, elsewhere);
      expect(result.data?.region?.educationIndicators ?? null).toBeNull();
      const above = await graph.graphql<{ region: { educationIndicators: unknown } | null }>(INDICATORS, { code: '360323', year: 2023 }, elsewhere);
      expect(above.data?.region?.educationIndicators ?? null).toBeNull();
    });
  });
});
