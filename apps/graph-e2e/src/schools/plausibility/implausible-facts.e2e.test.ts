import { startTestGraph, type TestGraph } from '../../support';
import { ageAtAcademicYearStart } from '@epg/domain';
import { DEMO_SCHOOLS, demoEnrolments, demoHouseholds } from '@epg/demo';

/**
 * Issue 20 item 4: facts no ledger may hold are refused — BAD_USER_INPUT naming the field and
 * the rule, and nothing written (no row, no audit entry) — in schools and households.
 */
const COUNTY = '360323';
const ENROL = `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`;
const TRANSFER = `mutation($input: TransferStudentInput!) { transferStudent(input: $input) { id } }`;
const GAP = `mutation($input: FacilityGapInput!) { recordFacilityGap(input: $input) { id } }`;
const PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const PROJECT_STATUS = `mutation($input: ChangeProjectStatusInput!) { changeProjectStatus(input: $input) { id } }`;
const HELP = `mutation($input: HelpMeasureInput!) { addHelpMeasure(input: $input) { id } }`;
const PROGRESS = `mutation($m: ID!, $on: Date!) { recordHelpProgress(measureId: $m, on: $on, note: "已走访") { id } }`;
const VILLAGE_FACTS = `mutation($input: VillagePovertyFactsInput!) { recordVillagePovertyFacts(input: $input) { code } }`;
const STATUS = `mutation($id: ID!, $on: Date!) { changeHouseholdStatus(householdId: $id, status: EXITED, on: $on, reason: "脱贫") { id } }`;

const households = demoHouseholds().filter((h) => h.statusHistory[h.statusHistory.length - 1]!.status === 'IDENTIFIED' || h.statusHistory[h.statusHistory.length - 1]!.status === 'EXITED');
const people = households.flatMap((h) => h.members.map((m) => ({ ...m, villageCode: h.villageCode })));
const enrolled2023 = new Set(demoEnrolments(2023).map((e) => e.personId));
/** A child of primary age in 2023 not enrolled that year, and the grade of their age. */
const child = people.find((m) => !enrolled2023.has(m.id) && ageAtAcademicYearStart(m.birthDate, 2023) >= 7 && ageAtAcademicYearStart(m.birthDate, 2023) <= 11)!;
const grade = ageAtAcademicYearStart(child.birthDate, 2023) - 5;
/** An adult in their forties. */
const adult = people.find((m) => ageAtAcademicYearStart(m.birthDate, 2023) >= 45 && ageAtAcademicYearStart(m.birthDate, 2023) <= 50 && !enrolled2023.has(m.id))!;
const primary = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY' && s.regionCode === child.villageCode.slice(0, 9)) ?? DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY')!;
const enrolment = (over: Record<string, unknown>) => ({ personId: child.id, schoolId: primary.id, academicYear: 2023, stage: 'PRIMARY', grade, boarding: false, ...over });

describe('implausible facts are refused (issue 20)', () => {
  let graph: TestGraph;
  let county: string;
  const sql = (service: string, text: string, params: unknown[] = []) => graph.services.get(service)!.dataSource.query(text, params);

  /** Every table's row count of both services (audit trail included). */
  async function snapshot(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [service, tables] of [
      ['schools', ['audit_entry', 'enrolment', 'facility_gap', 'improvement_project', 'project_status_change']],
      ['households', ['audit_entry', 'help_measure', 'help_progress', 'village_poverty_fact', 'household_status_change']],
    ] as const) {
      for (const table of tables) counts[`${service}.${table}`] = Number((await sql(service, `SELECT count(*) AS n FROM ${table}`))[0].n);
    }
    return counts;
  }

  /** The call is refused as BAD_USER_INPUT at `field` with a message matching `rule`, and writes nothing. */
  async function refused(query: string, variables: Record<string, unknown>, field: RegExp, rule: RegExp) {
    const before = await snapshot();
    const result = await graph.graphql(query, variables, county);
    const error = result.errors?.[0];
    expect({ code: error?.extensions?.code, message: error?.message }).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(rule) });
    const issues = (error?.extensions?.issues ?? []) as { path: string; message: string }[];
    expect(issues.some((i) => field.test(i.path) && rule.test(i.message))).toBe(true);
    expect(await snapshot()).toEqual(before);
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
    expect(child).toBeDefined();
    expect(adult).toBeDefined();
  });
  afterAll(() => graph?.stop());

  it('refuses an enrolment in 2099', () => refused(ENROL, { input: enrolment({ academicYear: 2099 }) }, /^input\.academicYear$/, /academic year 2099 has not started/));

  it('refuses an enrolment before the birth', () =>
    refused(ENROL, { input: enrolment({ academicYear: 2005, enrolledOn: '2005-09-01' }) }, /^input\.enrolledOn$/, /before the birth date/));

  it('refuses a pupil in their forties in primary grade 1', () =>
    refused(ENROL, { input: enrolment({ personId: adult.id, grade: 1 }) }, /^input\.grade$/, /does not fit PRIMARY grade 1/));

  it('refuses an enrolledOn outside the academic year, or in the future', async () => {
    await refused(ENROL, { input: enrolment({ enrolledOn: '2022-03-01' }) }, /^input\.enrolledOn$/, /outside academic year 2023/);
    await refused(ENROL, { input: enrolment({ academicYear: 2026, grade: 4, enrolledOn: '2027-01-15' }) }, /^input\.enrolledOn$/, /in the future/);
  });

  it('refuses a transfer dated 2040', async () => {
    const enrolled = await graph.succeed<{ enrolStudent: { id: string } }>(ENROL, { input: enrolment({ enrolledOn: '2023-09-01' }) }, county);
    const other = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY' && s.id !== primary.id)!;
    await refused(TRANSFER, { input: { enrolmentId: enrolled.enrolStudent.id, toSchoolId: other.id, boarding: false, on: '2040-03-01' } }, /^input\.on$/, /in the future/);
  });

  it('refuses help measures starting in 1900 or 2031, and progress dated 2031', async () => {
    const householdId = households[0]!.id;
    await refused(HELP, { input: { householdId, measure: '产业帮扶', goal: '增收', startedOn: '1900-03-01' } }, /^input\.startedOn$/, /before 2000-01-01/);
    await refused(HELP, { input: { householdId, measure: '产业帮扶', goal: '增收', startedOn: '2031-03-01' } }, /^input\.startedOn$/, /in the future/);
    const measure = await graph.succeed<{ addHelpMeasure: { id: string } }>(HELP, { input: { householdId, measure: '产业帮扶', goal: '增收', startedOn: '2024-03-01' } }, county);
    await refused(PROGRESS, { m: measure.addHelpMeasure.id, on: '2031-01-01' }, /(^|\.)on$/, /in the future/);
  });

  it('refuses facility gaps and projects with future dates', async () => {
    await refused(
      GAP,
      { input: { schoolId: primary.id, category: 'TOILETS', description: '旱厕改造', estimatedCostFen: 5000000, recordedOn: '2031-05-01' } },
      /^input\.recordedOn$/,
      /in the future/,
    );
    const project = { schoolId: primary.id, name: '改薄项目', kind: '改薄', budgetFen: 100000, funding: { financeFen: 100000, povertyAlleviationLoanFen: 0, socialFen: 0 } };
    await refused(PROJECT, { input: { ...project, status: 'APPROVED', on: '2031-01-01' } }, /^input\.on$/, /in the future/);
    const created = await graph.succeed<{ createProject: { id: string } }>(PROJECT, { input: project }, county);
    await refused(PROJECT_STATUS, { input: { projectId: created.createProject.id, status: 'APPROVED', on: '2031-01-01' } }, /^input\.on$/, /in the future/);
  });

  it('refuses a poor-village year of 2099', () =>
    refused(
      VILLAGE_FACTS,
      { input: { villageCode: child.villageCode, year: 2099, incidencePercent: 1.5, incomePerCapitaFen: 500000, hasCollectiveIncome: true } },
      /^input\.year$/,
      /2099 is in the future/,
    ));

  it('refuses a household status change dated in the future', () => {
    const household = households.find((h) => h.statusHistory[h.statusHistory.length - 1]!.status === 'IDENTIFIED')!;
    return refused(STATUS, { id: household.id, on: '2031-01-01' }, /(^|\.)on$/, /in the future/);
  });
});
