import { DEMO_SCHOOLS, DEMO_VOCATIONAL_SCHOOL, demoHouseholds, demoSchoolLedger, demoVocationalData } from '@epg/demo';
import { endVocationalSchoolRecord, giveVocationalSchoolRecord, startTestGraph, type TestGraph } from '../../support';
import { currentAcademicYear, householdHasSkilledMember } from '@epg/vocational';

const CREATE_PROGRAM = /* GraphQL */ `
  mutation CreateVocationalProgram($input: VocationalProgramInput!) {
    createVocationalProgram(input: $input) { id major agricultural durationYears school { id name } }
  }
`;
const PROGRAMS = /* GraphQL */ `
  query Programs($regionCode: String!, $first: Int!, $after: String) {
    vocationalPrograms(regionCode: $regionCode, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id major } }
    }
  }
`;
const PROGRAM = /* GraphQL */ `
  query Program($id: ID!) { vocationalProgram(id: $id) { major agricultural durationYears school { name } } }
`;
const ENROL = /* GraphQL */ `
  mutation EnrolVocational($input: VocationalEnrolmentInput!) {
    enrolVocational(input: $input) { id status startYear yearOfStudy program { id major agricultural } person { id } }
  }
`;
const GRADUATE = /* GraphQL */ `
  mutation Graduate($id: ID!, $on: Date!) { graduateVocational(enrolmentId: $id, graduatedOn: $on) { status endedOn yearOfStudy } }
`;
const WITHDRAW = /* GraphQL */ `
  mutation Withdraw($id: ID!, $on: Date!) { withdrawVocational(enrolmentId: $id, withdrawnOn: $on, reason: "外出务工") { status } }
`;
const OUTCOME = /* GraphQL */ `
  mutation Outcome($id: ID!, $employed: Boolean!, $employer: String, $since: Date) {
    recordEmploymentOutcome(enrolmentId: $id, employed: $employed, employer: $employer, since: $since) {
      status employment { employed employer since }
    }
  }
`;
const TRAIN = /* GraphQL */ `
  mutation RecordSkillsTraining($input: SkillsTrainingInput!) {
    recordSkillsTraining(input: $input) { id kind hours completedOn employedAfter }
  }
`;
const PERSON_RECORDS = /* GraphQL */ `
  query PersonRecords($id: ID!) {
    person(id: $id) {
      id
      vocationalEnrolments { status startYear yearOfStudy(asOfYear: 2030) employment { employed employer } program { major school { name } } }
      skillsTrainings { kind hours certificate employedAfter }
    }
  }
`;
const FLAG = /* GraphQL */ `
  mutation Flag($personId: ID!, $year: Int!) { flagNonContinuingGraduate(personId: $personId, year: $year) { personId year villageCode household { id } } }
`;
const TWO_AFTER = /* GraphQL */ `
  query TwoAfter($regionCode: String!) {
    twoAfterStudentsNotEnrolled(regionCode: $regionCode, first: 50) { totalCount edges { node { personId year person { id name } } } }
  }
`;

const registered = demoHouseholds().filter((h) => h.statusHistory.at(-1)!.status !== 'REMOVED');
const demo = demoVocationalData();
const busy = new Set([...demo.enrolments.map((e) => e.personId), ...demo.nonContinuingGraduates.map((f) => f.personId)]);
const members = registered.flatMap((h) => h.members.map((m) => ({ ...m, villageCode: h.villageCode, householdId: h.id })));
/** Aged 16 on 1 September 2026, with no vocational record in the demo. */
const young = members.filter((m) => m.birthDate >= '2009-09-02' && m.birthDate <= '2010-08-31' && !busy.has(m.id));
/** 18 on 1 September 2026: 16 when a programme started two years before, 17 in its last grade. */
const graduand = members.find((m) => m.birthDate >= '2007-09-02' && m.birthDate <= '2008-08-31' && !busy.has(m.id))!;
const older = members.find((m) => m.birthDate <= '1970-01-01')!;
const adult = members.find((m) => m.birthDate >= '1985-01-01' && m.birthDate <= '1995-12-31')!;

type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined;
const codeOf = (errors: Errors) => errors?.[0]?.extensions?.code;
const pathOf = (errors: Errors) => (errors?.[0]?.extensions?.issues as { path: string }[] | undefined)?.[0]?.path;

describe('vocational service: writes through the gateway', () => {
  let graph: TestGraph;
  let county: string;
  let programId: string;
  const vocationalSql = (sql: string, params: unknown[] = []) => graph.services.get('vocational')!.dataSource.query(sql, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  it('seeds the demo programmes, enrolments and trainings idempotently', async () => {
    const [counts] = await vocationalSql(
      `SELECT (SELECT count(*)::int FROM vocational_program) AS programs, (SELECT count(*)::int FROM vocational_enrolment) AS enrolments,
              (SELECT count(*)::int FROM skills_training) AS trainings`,
    );
    expect(counts).toEqual({ programs: demo.programs.length, enrolments: demo.enrolments.length, trainings: demo.trainings.length });
    await graph.services.get('vocational')!.module.seedDemo!({ dataSource: graph.services.get('vocational')!.dataSource, logger: undefined as never });
    const [again] = await vocationalSql(`SELECT count(*)::int AS n FROM vocational_enrolment`);
    expect(again.n).toBe(demo.enrolments.length);
  });

  it('reports the demo county indicators of 2023 as the 1户1人 rule computes them from the demo data', async () => {
    const year = 2023;
    const enrolmentsOf = (id: string) => demo.enrolments.filter((e) => e.personId === id && e.startYear <= year);
    const trainingsOf = (id: string) => demo.trainings.filter((t) => t.personId === id && t.completedOn < `${year + 1}-09-01`);
    // The 学籍 the schools seeder wrote, as the background consumer projects them into vocational.
    const ledger = demoSchoolLedger();
    const recordsOf = (id: string) => ledger.filter((r) => r.personId === id && r.academicYear <= year);
    const skilled = registered.filter((h) =>
      householdHasSkilledMember(h.members.map((m) => ({ enrolments: enrolmentsOf(m.id), schoolRecords: recordsOf(m.id), trainings: trainingsOf(m.id) }))),
    ).length;
    const graduates = demo.enrolments.filter((e) => e.status === 'GRADUATED' && e.endAcademicYear === year);
    const employed = graduates.filter((e) => e.employed).length;
    const result = await graph.graphql<{ region: { vocationalIndicators: Record<string, unknown> } }>(
      `query($code: String!, $year: Int!) { region(code: $code) { vocationalIndicators(academicYear: $year) {
         registeredHouseholds householdsWithSkilledMember oneHouseholdOneSkillRate vocationalStudents graduates employed employmentRate } } }`,
      { code: '360323', year },
      county,
    );
    expect(result.errors).toBeUndefined();
    expect(skilled).toBeGreaterThan(0);
    expect(graduates.length).toBeGreaterThan(0);
    expect(result.data!.region.vocationalIndicators).toEqual({
      registeredHouseholds: registered.length,
      householdsWithSkilledMember: skilled,
      oneHouseholdOneSkillRate: skilled / registered.length,
      vocationalStudents: demo.enrolments.filter((e) => e.startYear <= year && (e.endAcademicYear === null || e.endAcademicYear >= year)).length,
      graduates: graduates.length,
      employed,
      employmentRate: employed / graduates.length,
    });
  });

  it('creates a programme at the county vocational school and audits it', async () => {
    const input = { schoolId: DEMO_VOCATIONAL_SCHOOL.id, major: '茶叶生产与加工', agricultural: true, durationYears: 3 };
    const result = await graph.graphql<{ createVocationalProgram: { id: string } }>(CREATE_PROGRAM, { input }, county);
    expect(result.errors).toBeUndefined();
    expect(result.data?.createVocationalProgram).toMatchObject({
      major: '茶叶生产与加工',
      agricultural: true,
      durationYears: 3,
      school: { id: DEMO_VOCATIONAL_SCHOOL.id, name: '芦溪县职业中等专业学校' },
    });
    programId = result.data!.createVocationalProgram.id;
    const audit = await vocationalSql(`SELECT subject FROM audit_entry WHERE operation = 'createVocationalProgram' AND entity_id = $1`, [programId]);
    expect(audit).toEqual([{ subject: 'test-county' }]);
  });

  it('refuses a school that is not SECONDARY_VOCATIONAL, and a bad duration, with the field path', async () => {
    const primary = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY')!;
    const wrongSchool = await graph.graphql(CREATE_PROGRAM, { input: { schoolId: primary.id, major: '电工', agricultural: false, durationYears: 3 } }, county);
    expect(codeOf(wrongSchool.errors)).toBe('BAD_USER_INPUT');
    expect(pathOf(wrongSchool.errors)).toBe('input.schoolId');
    const tooLong = await graph.graphql(
      CREATE_PROGRAM,
      { input: { schoolId: DEMO_VOCATIONAL_SCHOOL.id, major: '电工', agricultural: false, durationYears: 6 } },
      county,
    );
    expect(pathOf(tooLong.errors)).toBe('input.durationYears');
    const auditor = await graph.token({ role: 'AUDITOR', regionCode: '360323' });
    const readOnly = await graph.graphql(CREATE_PROGRAM, { input: { schoolId: DEMO_VOCATIONAL_SCHOOL.id, major: '电工', agricultural: false, durationYears: 3 } }, auditor);
    expect(codeOf(readOnly.errors)).toBe('FORBIDDEN');
  });

  it('lists programmes by region with cursor paging, and hides them from another province', async () => {
    const first = await graph.graphql<{ vocationalPrograms: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } }>(
      PROGRAMS,
      { regionCode: '360323', first: 4 },
      county,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data!.vocationalPrograms.totalCount).toBe(demo.programs.length + 1);
    expect(first.data!.vocationalPrograms.pageInfo.hasNextPage).toBe(true);
    const rest = await graph.graphql<{ vocationalPrograms: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean } } }>(
      PROGRAMS,
      { regionCode: '360323', first: 4, after: first.data!.vocationalPrograms.pageInfo.endCursor },
      county,
    );
    const ids = [...first.data!.vocationalPrograms.edges, ...rest.data!.vocationalPrograms.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(demo.programs.length + 1);
    expect(ids).toContain(programId);
    expect(rest.data!.vocationalPrograms.pageInfo.hasNextPage).toBe(false);

    const gansu = await graph.token({ role: 'PROVINCE', regionCode: '620000' });
    expect((await graph.graphql(PROGRAM, { id: programId }, gansu)).data).toEqual({ vocationalProgram: null });
    expect(codeOf((await graph.graphql(PROGRAMS, { regionCode: '360323', first: 4 }, gansu)).errors)).toBe('FORBIDDEN');
    const city = await graph.token({ role: 'CITY', regionCode: '360300' });
    expect((await graph.graphql(PROGRAM, { id: programId }, city)).data).toEqual({
      vocationalProgram: { major: '茶叶生产与加工', agricultural: true, durationYears: 3, school: { name: '芦溪县职业中等专业学校' } },
    });
  });

  it('enrols a young person once, advances the year of study, graduates them (after the schools ledger) and records the outcome', async () => {
    const person = graduand;
    const startYear = currentAcademicYear() - 2;
    await giveVocationalSchoolRecord(graph, county, { personId: person.id, schoolId: DEMO_VOCATIONAL_SCHOOL.id, academicYear: startYear });
    const enrolled = await graph.graphql<{ enrolVocational: { id: string } }>(
      ENROL,
      { input: { personId: person.id, programId, startYear, nonContinuingGraduate: true } },
      county,
    );
    expect(enrolled.errors).toBeUndefined();
    expect(enrolled.data?.enrolVocational).toMatchObject({
      status: 'ENROLLED',
      startYear,
      yearOfStudy: 3,
      program: { id: programId, major: '茶叶生产与加工', agricultural: true },
      person: { id: person.id },
    });
    const id = enrolled.data!.enrolVocational.id;

    const twice = await graph.graphql(ENROL, { input: { personId: person.id, programId, startYear, nonContinuingGraduate: false } }, county);
    expect(codeOf(twice.errors)).toBe('CONFLICT');

    const early = await graph.graphql(GRADUATE, { id, on: `${startYear}-08-31` }, county);
    expect(pathOf(early.errors)).toBe('graduatedOn');
    // The schools ledger owns the 学籍: the last year's record graduates there first.
    await endVocationalSchoolRecord(graph, county, { personId: person.id, schoolId: DEMO_VOCATIONAL_SCHOOL.id, on: `${currentAcademicYear()}-06-30`, how: 'GRADUATED' });
    const graduated = await graph.graphql(GRADUATE, { id, on: `${currentAcademicYear()}-06-30` }, county);
    expect(graduated.errors).toBeUndefined();
    expect(graduated.data).toEqual({ graduateVocational: { status: 'GRADUATED', endedOn: `${currentAcademicYear()}-06-30`, yearOfStudy: 2 } });
    expect(codeOf((await graph.graphql(WITHDRAW, { id, on: `${currentAcademicYear()}-07-01` }, county)).errors)).toBe('CONFLICT');

    const noEmployer = await graph.graphql(OUTCOME, { id, employed: true, since: `${currentAcademicYear()}-07-01` }, county);
    expect(pathOf(noEmployer.errors)).toBe('employer');
    const outcome = await graph.graphql(OUTCOME, { id, employed: true, employer: '萍乡电瓷厂', since: `${currentAcademicYear()}-07-01` }, county);
    expect(outcome.errors).toBeUndefined();
    expect(outcome.data).toEqual({
      recordEmploymentOutcome: { status: 'GRADUATED', employment: { employed: true, employer: '萍乡电瓷厂', since: `${currentAcademicYear()}-07-01` } },
    });

    const records = await graph.graphql(PERSON_RECORDS, { id: person.id }, county);
    expect(records.errors).toBeUndefined();
    expect(records.data).toEqual({
      person: {
        id: person.id,
        vocationalEnrolments: [
          { status: 'GRADUATED', startYear, yearOfStudy: 2, employment: { employed: true, employer: '萍乡电瓷厂' }, program: { major: '茶叶生产与加工', school: { name: '芦溪县职业中等专业学校' } } },
        ],
        skillsTrainings: [],
      },
    });
    const audit = await vocationalSql(`SELECT operation FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: { operation: string }) => a.operation)).toEqual(['enrolVocational', 'graduateVocational', 'recordEmploymentOutcome']);
  });

  it('refuses people and programmes outside the caller region', async () => {
    const gansu = await graph.token({ role: 'PROVINCE', regionCode: '620000' });
    const input = { personId: young[1]!.id, programId, startYear: currentAcademicYear(), nonContinuingGraduate: false };
    const result = await graph.graphql(ENROL, { input }, gansu);
    expect(codeOf(result.errors)).toBe('BAD_USER_INPUT');
    expect(pathOf(result.errors)).toBe('input.programId');
    const training = await graph.graphql(
      TRAIN,
      { input: { personId: adult.id, kind: 'MIGRANT_TRANSFER', hours: 40, completedOn: '2024-05-01', employedAfter: true } },
      gansu,
    );
    expect(pathOf(training.errors)).toBe('input.personId');
    expect(training.errors?.[0]?.message).toMatch(/person not found in your region/);
  });

  it('records skills trainings, refusing a new professional farmer over 50 and zero hours', async () => {
    const tooOld = await graph.graphql(
      TRAIN,
      { input: { personId: older.id, kind: 'NEW_PROFESSIONAL_FARMER', hours: 80, completedOn: '2024-05-01' } },
      county,
    );
    expect(codeOf(tooOld.errors)).toBe('BAD_USER_INPUT');
    expect(pathOf(tooOld.errors)).toBe('input.personId');
    expect(tooOld.errors?.[0]?.message).toMatch(/50 or younger/);
    const noHours = await graph.graphql(TRAIN, { input: { personId: adult.id, kind: 'RAIN_DEW', hours: 0, completedOn: '2024-05-01' } }, county);
    expect(pathOf(noHours.errors)).toBe('input.hours');

    const ok = await graph.graphql(
      TRAIN,
      { input: { personId: adult.id, kind: 'NEW_PROFESSIONAL_FARMER', hours: 80, completedOn: '2024-05-01', certificate: '新型职业农民证书(初级)', employedAfter: true } },
      county,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toMatchObject({ recordSkillsTraining: { kind: 'NEW_PROFESSIONAL_FARMER', hours: 80, completedOn: '2024-05-01', employedAfter: true } });
    const records = await graph.graphql<{ person: { skillsTrainings: { kind: string; hours: number }[] } }>(PERSON_RECORDS, { id: adult.id }, county);
    expect(records.data!.person.skillsTrainings).toContainEqual({ kind: 'NEW_PROFESSIONAL_FARMER', hours: 80, certificate: '新型职业农民证书(初级)', employedAfter: true });
  });

  it('lists flagged 两后生 of a village until they enrol', async () => {
    const person = young[1]!;
    const flagged = await graph.graphql(FLAG, { personId: person.id, year: currentAcademicYear() - 1 }, county);
    expect(flagged.errors).toBeUndefined();
    expect(flagged.data).toEqual({
      flagNonContinuingGraduate: { personId: person.id, year: currentAcademicYear() - 1, villageCode: person.villageCode, household: { id: person.householdId } },
    });
    const listed = await graph.graphql<{ twoAfterStudentsNotEnrolled: { totalCount: number; edges: { node: { personId: string; person: { name: string } } }[] } }>(
      TWO_AFTER,
      { regionCode: person.villageCode },
      county,
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.twoAfterStudentsNotEnrolled.edges.map((e) => e.node)).toContainEqual({
      personId: person.id,
      year: currentAcademicYear() - 1,
      person: { id: person.id, name: person.name },
    });
    const before = listed.data!.twoAfterStudentsNotEnrolled.totalCount;

    await giveVocationalSchoolRecord(graph, county, { personId: person.id, schoolId: DEMO_VOCATIONAL_SCHOOL.id, academicYear: currentAcademicYear() });
    const enrolled = await graph.graphql(ENROL, { input: { personId: person.id, programId, startYear: currentAcademicYear(), nonContinuingGraduate: true } }, county);
    expect(enrolled.errors).toBeUndefined();
    const after = await graph.graphql<{ twoAfterStudentsNotEnrolled: { totalCount: number; edges: { node: { personId: string } }[] } }>(
      TWO_AFTER,
      { regionCode: person.villageCode },
      county,
    );
    expect(after.data!.twoAfterStudentsNotEnrolled.totalCount).toBe(before - 1);
    expect(after.data!.twoAfterStudentsNotEnrolled.edges.map((e) => e.node.personId)).not.toContain(person.id);
  });
});
