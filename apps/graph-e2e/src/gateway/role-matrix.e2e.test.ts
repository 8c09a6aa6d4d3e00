import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import type { PrincipalClaims } from '@epg/auth';
import { DEMO_SCHOOLS } from '@epg/demo';
import { encodeCursor, makeIdNumber, todayIso } from '@epg/domain';
import { startTestGraph, type GraphQLResult, type TestGraph } from '../support';

/**
 * The role × level matrix: every mutation and every region-wide list of the graph, called by
 * PROVINCE, CITY, COUNTY, TOWNSHIP, SCHOOL, INTEGRATION and AUDITOR principals inside and
 * outside the target's region. The answer is success or a refusal — never an internal error —
 * and a refused write leaves nothing. A refusal is FORBIDDEN, or, for a row the caller cannot
 * see, NOT_FOUND (the row addressed by the call) or BAD_USER_INPUT naming the input field
 * ("… not found in your region": a row the input refers to); neither tells an outsider
 * whether the row exists. (Province officers once could not register a household because
 * every test used a county token.)
 */
const root = path.resolve(__dirname, '../../../..');
const apiSchema = buildSchema(fs.readFileSync(path.join(root, 'libs/graph-client/schema.graphql'), 'utf8'));

const ALL_SCOPES = ['pii:read', 'subsidy:approve', 'subsidy:pay', 'payment:write', 'policy:admin', 'import:write', 'audit:read'];
const COUNTY = '360323';
/** The township and village most targets lie in (宣风镇, 年丰村's neighbour). */
const TOWNSHIP = '360323101';
const VILLAGE = '360323101201';
/** The vocational school's township (芦溪镇) and one of its villages. */
const VOC_TOWNSHIP = '360323100';
const VOC_VILLAGE = '360323100201';
const school = (name: string) => DEMO_SCHOOLS.find((s) => s.name === name)!;
const PRIMARY = school('宣风镇中心小学');
const JUNIOR = school('宣风镇中学');
const VOC_SCHOOL = school('芦溪县职业中等专业学校');
/** The county's senior high school (its graduating seniors are admitted to university). */
const SENIOR_SCHOOL = school('芦溪县第二中学');
/** A school in a township none of the targets lie in: its staff are outsiders. */
const FAR_SCHOOL = school('张佳坊小学');

type Expectation = 'ok' | 'ok-or-forbidden' | 'forbidden' | 'refused';
interface Caller {
  label: string;
  claims: Omit<PrincipalClaims, 'subject' | 'scopes'>;
  expect: Expectation;
}
interface Target {
  /** The township the target lies in, or null for a county-wide target. */
  township: string | null;
  /** The school the target belongs to (its staff are the inside SCHOOL caller). */
  schoolId?: string;
}

/** The callers for a target: inside its region (and above) and outside it. */
function callersFor(target: Target): Caller[] {
  const township = target.township ?? TOWNSHIP;
  const ownSchool = target.schoolId ? DEMO_SCHOOLS.find((s) => s.id === target.schoolId)! : JUNIOR;
  const otherTownship = township === '360323102' ? '360323103' : '360323102';
  return [
    { label: 'PROVINCE inside', claims: { role: 'PROVINCE', regionCode: '360000' }, expect: 'ok' },
    { label: 'CITY inside', claims: { role: 'CITY', regionCode: '360300' }, expect: 'ok' },
    { label: 'COUNTY inside', claims: { role: 'COUNTY', regionCode: COUNTY }, expect: 'ok' },
    { label: 'TOWNSHIP inside', claims: { role: 'TOWNSHIP', regionCode: township }, expect: 'ok-or-forbidden' },
    { label: 'SCHOOL inside', claims: { role: 'SCHOOL', regionCode: ownSchool.regionCode, schoolId: ownSchool.id }, expect: 'ok-or-forbidden' },
    { label: 'INTEGRATION inside', claims: { role: 'INTEGRATION', regionCode: COUNTY }, expect: 'ok-or-forbidden' },
    { label: 'AUDITOR inside', claims: { role: 'AUDITOR', regionCode: COUNTY }, expect: 'forbidden' },
    { label: 'PROVINCE outside', claims: { role: 'PROVINCE', regionCode: '420000' }, expect: 'refused' },
    { label: 'CITY outside', claims: { role: 'CITY', regionCode: '360400' }, expect: 'refused' },
    { label: 'COUNTY outside', claims: { role: 'COUNTY', regionCode: '360322' }, expect: 'refused' },
    ...(target.township ? [{ label: 'TOWNSHIP outside', claims: { role: 'TOWNSHIP' as const, regionCode: otherTownship }, expect: 'refused' as const }] : []),
    { label: 'SCHOOL outside', claims: { role: 'SCHOOL', regionCode: FAR_SCHOOL.regionCode, schoolId: FAR_SCHOOL.id }, expect: 'refused' },
    { label: 'INTEGRATION outside', claims: { role: 'INTEGRATION', regionCode: '420000' }, expect: 'refused' },
    { label: 'AUDITOR outside', claims: { role: 'AUDITOR', regionCode: '420000' }, expect: 'forbidden' },
  ];
}

const REFUSALS: Record<Exclude<Expectation, 'ok'>, string[]> = {
  'ok-or-forbidden': ['FORBIDDEN'],
  forbidden: ['FORBIDDEN'],
  refused: ['FORBIDDEN', 'NOT_FOUND', 'INVISIBLE_REFERENCE'],
};

/** An error's refusal code; a BAD_USER_INPUT about a row outside the caller's region counts as INVISIBLE_REFERENCE. */
function refusalCode(error: { message: string; extensions?: Record<string, unknown> }): string {
  const code = String(error.extensions?.code ?? 'NO_CODE');
  return code === 'BAD_USER_INPUT' && /in your region/.test(error.message) ? 'INVISIBLE_REFERENCE' : code;
}

/** What went wrong with one answer, or null when it is what the caller may get. */
function verdict(expectation: Expectation, result: GraphQLResult<unknown>, done = true): string | null {
  if (result.status >= 500) return `HTTP ${result.status}`;
  if (!result.errors?.length) {
    if (expectation === 'ok' && !done) return 'answered without doing it';
    return expectation === 'ok' || expectation === 'ok-or-forbidden' || !done ? null : 'succeeded';
  }
  if (expectation === 'ok') return `refused: ${result.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`;
  const allowed = REFUSALS[expectation];
  const wrong = result.errors.filter((e) => !allowed.includes(refusalCode(e)));
  return wrong.length ? wrong.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ') : null;
}

interface Attempt {
  query: string;
  variables?: Record<string, unknown>;
}
interface MutationCase extends Target {
  mutation: string;
  /** Sets up a fresh target (as the county's officer) and returns the call under test. */
  prepare(n: number): Promise<Attempt>;
  /** For calls that report per record: whether an answer without errors did the write. */
  done?(data: unknown): boolean;
}

describe('role × level matrix', () => {
  let graph: TestGraph;
  let admin: string;
  let seq = 0;
  const refusedSubjects: string[] = [];
  const sql = (service: string, text: string, params: unknown[] = []) => graph.services.get(service)!.dataSource.query(text, params);

  /**
   * Removes the sets earlier matrix calls adopted: two sets of one region may not cover the same
   * year and stage (a CONFLICT), and each call adopts one for the year 2000.
   */
  const forgetMatrixPolicySets = () => sql('subsidies', `DELETE FROM policy_set WHERE code LIKE 'MATRIX-%'`);

  /** Runs a set-up call as the county's officer; it must succeed. */
  async function setup<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await graph.graphql(query, variables, admin);
    if (result.errors) throw new Error(`set-up failed: ${JSON.stringify(result.errors)}\n${query}`);
    return result.data as T;
  }

  /** A birth date in `year` that, with the sequence, makes every generated ID number unique. */
  const born = (year: number, n: number) => `${year}-${String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
  const householdInput = (n: number, village = VILLAGE, childYear = 2016) => ({
    registrationNumber: `MATRIX-${n}`,
    villageCode: village,
    category: 'POVERTY_REGISTERED',
    povertyCauses: ['ILLNESS'],
    annualIncomePerCapitaFen: 300000,
    identifiedOn: '2023-03-01',
    members: [
      { name: `户主${n}`, idNumber: makeIdNumber(COUNTY, born(1980, n), 900 + (n % 100)), relationToHead: 'HEAD' },
      { name: `子女${n}`, idNumber: makeIdNumber(COUNTY, born(childYear, n), 800 + (n % 100)), relationToHead: 'CHILD' },
    ],
  });
  const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id members { id } } }`;
  /** A fresh household: [household id, head id, child id]. */
  async function household(village = VILLAGE, childYear?: number): Promise<[string, string, string]> {
    const n = ++seq;
    const data = await setup<{ registerHousehold: { id: string; members: { id: string }[] } }>(REGISTER, { input: householdInput(n, village, childYear) });
    return [data.registerHousehold.id, data.registerHousehold.members[0]!.id, data.registerHousehold.members[1]!.id];
  }
  async function newSchool(type = 'PRIMARY', regionCode = TOWNSHIP): Promise<string> {
    const n = ++seq;
    const data = await setup<{ registerSchool: { id: string } }>(`mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) { id } }`, {
      input: { code: `36990${String(n).padStart(5, '0')}`, name: `矩阵测试学校${n}`, type, ownership: 'PUBLIC', regionCode, inPovertyArea: true },
    });
    return data.registerSchool.id;
  }
  async function teacher(schoolId = PRIMARY.id): Promise<string> {
    const n = ++seq;
    const data = await setup<{ registerTeacher: { id: string } }>(`mutation($input: RegisterTeacherInput!) { registerTeacher(input: $input) { id } }`, {
      input: { name: `教师${n}`, idNumber: makeIdNumber(COUNTY, born(1990, n), 700 + (n % 100)), schoolId, postType: 'REGULAR', rural: true, hardshipTier: 1, startedOn: '2015-09-01' },
    });
    return data.registerTeacher.id;
  }
  async function enrolled(): Promise<string> {
    const [, , child] = await household();
    const data = await setup<{ enrolStudent: { id: string } }>(`mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`, {
      input: { personId: child, schoolId: PRIMARY.id, academicYear: 2024, stage: 'PRIMARY', grade: 3, boarding: false },
    });
    return data.enrolStudent.id;
  }
  /** A graduating senior of 2025 (grade 3 at the senior high school): the person id. */
  async function graduatingSenior(): Promise<string> {
    const [, , child] = await household(VILLAGE, 2008);
    await setup(`mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`, {
      input: { personId: child, schoolId: SENIOR_SCHOOL.id, academicYear: 2025, stage: 'SENIOR', grade: 3, boarding: false },
    });
    return child;
  }
  const ADMISSION = (personId: string) => ({ personId, academicYear: 2026, university: '南昌大学', inProvince: true, admittedOn: '2026-07-20' });
  /** A standing university admission of a graduating senior: its id. */
  async function admitted(): Promise<string> {
    const data = await setup<{ recordUniversityAdmission: { id: string } }>(
      `mutation($input: RecordUniversityAdmissionInput!) { recordUniversityAdmission(input: $input) { id } }`,
      { input: ADMISSION(await graduatingSenior()) },
    );
    return data.recordUniversityAdmission.id;
  }
  let vocProgram: string;
  /** The schools 学籍 a programme is assigned on (the schools service owns 学籍; issue 21). */
  const vocationalSchoolRecord = (personId: string, academicYear: number) =>
    setup<{ enrolStudent: { id: string } }>(`mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`, {
      input: { personId, schoolId: VOC_SCHOOL.id, academicYear, stage: 'SECONDARY_VOCATIONAL', grade: 1, boarding: false },
    });
  async function vocationalEnrolment(startYear = 2024, ended?: 'GRADUATED' | 'DROPPED_OUT'): Promise<string> {
    const [, , child] = await household(VOC_VILLAGE, startYear === 2024 ? 2008 : 2005);
    const record = await vocationalSchoolRecord(child, startYear);
    const data = await setup<{ enrolVocational: { id: string } }>(`mutation($input: VocationalEnrolmentInput!) { enrolVocational(input: $input) { id } }`, {
      input: { personId: child, programId: vocProgram, startYear, nonContinuingGraduate: false },
    });
    // The schools ledger ends the 学籍 first (it owns them): the vocational one follows it.
    if (ended === 'GRADUATED') {
      const last = await setup<{ enrolStudent: { id: string } }>(`mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`, {
        input: { personId: child, schoolId: VOC_SCHOOL.id, academicYear: 2023, stage: 'SECONDARY_VOCATIONAL', grade: 3, boarding: false },
      });
      await setup(`mutation($input: GraduateStudentInput!) { graduateStudent(input: $input) { id } }`, { input: { enrolmentId: last.enrolStudent.id, on: '2024-06-30' } });
    } else if (ended === 'DROPPED_OUT') {
      await setup(`mutation($input: DropOutStudentInput!) { dropOutStudent(input: $input) { id } }`, {
        input: { enrolmentId: record.enrolStudent.id, on: '2024-10-08', reason: '外出务工' },
      });
    }
    return data.enrolVocational.id;
  }
  /** A COMPUTED entitlement of the primary school not handed out yet. */
  const spareEntitlements: string[] = [];
  /** COMPUTED in-kind entitlements (零收费) of the primary school not handed out yet. */
  const spareInKind: string[] = [];
  async function computedEntitlement(): Promise<string> {
    const id = spareEntitlements.pop();
    if (!id) throw new Error('out of computed entitlements for the matrix');
    return id;
  }
  async function publishedEntitlement(): Promise<{ id: string; amountFen: number }> {
    const id = await computedEntitlement();
    await setup(`mutation($ids: [ID!]!) { approveEntitlements(ids: $ids) { id } }`, { ids: [id] });
    await setup(`mutation { publishSubsidyNotice(schoolId: "${PRIMARY.id}", academicYear: 2023) { academicYear } }`);
    const [row] = await sql('subsidies', `SELECT amount_fen FROM entitlement WHERE id = $1`, [id]);
    return { id, amountFen: Number(row.amount_fen) };
  }
  /** The primary school's current notice for 2023 (published first when there is none). */
  async function currentNotice(): Promise<string> {
    const [row] = await sql('subsidies', `SELECT id FROM subsidy_notice WHERE school_id = $1 AND academic_year = 2023 AND superseded_by IS NULL`, [PRIMARY.id]);
    if (row) return row.id;
    await publishedEntitlement();
    return currentNotice();
  }
  const OBJECT = `mutation($n: ID!, $s: String!, $d: Date!) { recordNoticeObjection(noticeId: $n, summary: $s, receivedOn: $d) { id } }`;
  let policyRules: string;

  const cases: MutationCase[] = [
    // households
    { mutation: 'recordVillagePovertyFacts', township: TOWNSHIP, prepare: async () => ({ query: `mutation { recordVillagePovertyFacts(input: { villageCode: "${VILLAGE}", year: 2019, incidencePercent: 1.5, incomePerCapitaFen: 500000, hasCollectiveIncome: true }) { code } }` }) },
    { mutation: 'registerHousehold', township: TOWNSHIP, prepare: async (n) => ({ query: REGISTER, variables: { input: householdInput(n) } }) },
    {
      mutation: 'importHouseholds',
      township: TOWNSHIP,
      prepare: async (n) => ({
        query: `mutation($key: String!, $households: [RegisterHouseholdInput!]!) { importHouseholds(idempotencyKey: $key, households: $households) { accepted rejected { index field message } } }`,
        variables: { key: `matrix-${n}`, households: [householdInput(n)] },
      }),
      // Per-record results: a household outside the caller's region is rejected, not accepted.
      done: (data) => (data as { importHouseholds: { accepted: number } }).importHouseholds.accepted === 1,
    },
    {
      mutation: 'changeHouseholdStatus',
      township: TOWNSHIP,
      prepare: async () => {
        const [id] = await household();
        return { query: `mutation($id: ID!) { changeHouseholdStatus(householdId: $id, status: EXITED, on: "2024-06-01", reason: "脱贫") { id } }`, variables: { id } };
      },
    },
    {
      mutation: 'assignHelper',
      township: TOWNSHIP,
      prepare: async () => {
        const [id] = await household();
        return { query: `mutation($id: ID!) { assignHelper(householdId: $id, helper: { name: "王干部", unit: "芦溪县教育局" }) { id } }`, variables: { id } };
      },
    },
    {
      mutation: 'addHelpMeasure',
      township: TOWNSHIP,
      prepare: async () => {
        const [id] = await household();
        return { query: `mutation($id: ID!) { addHelpMeasure(input: { householdId: $id, measure: "雨露计划培训", goal: "一人稳定就业", startedOn: "2024-03-01" }) { id } }`, variables: { id } };
      },
    },
    {
      mutation: 'recordHelpProgress',
      township: TOWNSHIP,
      prepare: async () => {
        const [id] = await household();
        const data = await setup<{ addHelpMeasure: { id: string } }>(`mutation($id: ID!) { addHelpMeasure(input: { householdId: $id, measure: "产业帮扶", goal: "增收", startedOn: "2024-03-01" }) { id } }`, { id });
        return { query: `mutation($m: ID!) { recordHelpProgress(measureId: $m, on: "2024-04-01", note: "已走访") { id } }`, variables: { m: data.addHelpMeasure.id } };
      },
    },
    {
      mutation: 'recordLabourFacts',
      township: TOWNSHIP,
      prepare: async () => {
        const [, head] = await household();
        return { query: `mutation($p: ID!) { recordLabourFacts(personId: $p, facts: { capacity: "FULL", skills: ["电焊"], employed: false }) { id } }`, variables: { p: head } };
      },
    },
    {
      mutation: 'addHouseholdMember',
      township: TOWNSHIP,
      prepare: async (n) => {
        const [id] = await household();
        const member = { name: `迁入${n}`, idNumber: makeIdNumber(COUNTY, born(2019, n), 400 + (n % 100)), relationToHead: 'CHILD' };
        return { query: `mutation($id: ID!, $m: MemberInput!) { addHouseholdMember(householdId: $id, member: $m, on: "2024-06-01", reason: MOVED_IN) { id } }`, variables: { id, m: member } };
      },
    },
    {
      mutation: 'removeHouseholdMember',
      township: TOWNSHIP,
      prepare: async () => {
        const [, , child] = await household();
        return { query: `mutation($p: ID!) { removeHouseholdMember(personId: $p, on: "2024-06-01", reason: MOVED_OUT) { id } }`, variables: { p: child } };
      },
    },
    {
      mutation: 'moveHouseholdMember',
      township: TOWNSHIP,
      prepare: async () => {
        const [, , child] = await household();
        const [to] = await household();
        return {
          query: `mutation($p: ID!, $to: ID!) { moveHouseholdMember(personId: $p, toHouseholdId: $to, on: "2024-06-01", reason: HOUSEHOLD_SPLIT, relationToHead: CHILD) { id } }`,
          variables: { p: child, to },
        };
      },
    },
    {
      mutation: 'classifyHouseholdForMonitoring',
      township: TOWNSHIP,
      prepare: async () => {
        const [id] = await household();
        await setup(`mutation($id: ID!) { changeHouseholdStatus(householdId: $id, status: EXITED, on: "2024-06-01", reason: "脱贫") { id } }`, { id });
        return { query: `mutation($id: ID!) { classifyHouseholdForMonitoring(householdId: $id, category: MONITORED, riskFlags: [ILLNESS], on: "2024-07-01", reason: "因病") { id } }`, variables: { id } };
      },
    },
    {
      mutation: 'declassifyHousehold',
      township: TOWNSHIP,
      prepare: async () => {
        const [id] = await household();
        await setup(`mutation($id: ID!) { changeHouseholdStatus(householdId: $id, status: EXITED, on: "2024-06-01", reason: "脱贫") { id } }`, { id });
        await setup(`mutation($id: ID!) { classifyHouseholdForMonitoring(householdId: $id, category: MONITORED, riskFlags: [ILLNESS], on: "2024-07-01", reason: "因病") { id } }`, { id });
        return { query: `mutation($id: ID!) { declassifyHousehold(householdId: $id, on: "2024-08-01", reason: "风险消除") { id } }`, variables: { id } };
      },
    },
    // schools
    {
      mutation: 'registerSchool',
      township: TOWNSHIP,
      prepare: async (n) => ({
        query: `mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) { id } }`,
        variables: { input: { code: `36980${String(n).padStart(5, '0')}`, name: `矩阵新校${n}`, type: 'PRIMARY', ownership: 'PUBLIC', regionCode: TOWNSHIP, inPovertyArea: true } },
      }),
    },
    { mutation: 'updateSchool', township: TOWNSHIP, schoolId: PRIMARY.id, prepare: async () => ({ query: `mutation { updateSchool(id: "${PRIMARY.id}", input: { inPovertyArea: true }) { id } }` }) },
    { mutation: 'scanForDropouts', township: TOWNSHIP, prepare: async () => ({ query: `mutation { scanForDropouts(regionCode: "${TOWNSHIP}", academicYear: 2023) { opened } }` }) },
    {
      mutation: 'recordDropoutAction',
      township: TOWNSHIP,
      prepare: async () => {
        const [{ id }] = await sql('schools', `SELECT id FROM dropout_case WHERE region_code LIKE '${TOWNSHIP}%' AND status <> 'CLOSED' ORDER BY id LIMIT 1`);
        return { query: `mutation($id: ID!) { recordDropoutAction(caseId: $id, kind: HOME_VISIT, on: "${todayIso()}", note: "走访") { id } }`, variables: { id } };
      },
    },
    {
      mutation: 'closeDropoutCase',
      township: TOWNSHIP,
      prepare: async () => {
        // A fresh case: a new household's unenrolled child, found by the township's scan.
        const [, , child] = await household();
        await setup(`mutation { scanForDropouts(regionCode: "${TOWNSHIP}", academicYear: 2023) { opened } }`);
        const [{ id }] = await sql('schools', `SELECT id FROM dropout_case WHERE person_id = $1 AND academic_year = 2023`, [child]);
        return { query: `mutation($id: ID!) { closeDropoutCase(caseId: $id, reason: STUDYING_ELSEWHERE, on: "${todayIso()}", note: "外地就读证明") { id } }`, variables: { id } };
      },
    },
    {
      mutation: 'assignDropoutCase',
      township: TOWNSHIP,
      prepare: async () => {
        const [{ id }] = await sql('schools', `SELECT id FROM dropout_case WHERE region_code LIKE '${TOWNSHIP}%' AND status <> 'CLOSED' ORDER BY id LIMIT 1`);
        return { query: `mutation($id: ID!) { assignDropoutCase(caseId: $id, assignee: { name: "王校长", role: "校长" }) { id } }`, variables: { id } };
      },
    },
    {
      mutation: 'enrolStudent',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const [, , child] = await household();
        return {
          query: `mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`,
          variables: { input: { personId: child, schoolId: PRIMARY.id, academicYear: 2024, stage: 'PRIMARY', grade: 3, boarding: false } },
        };
      },
    },
    {
      mutation: 'transferStudent',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const enrolmentId = await enrolled();
        const toSchoolId = await newSchool();
        return { query: `mutation($input: TransferStudentInput!) { transferStudent(input: $input) { id } }`, variables: { input: { enrolmentId, toSchoolId, boarding: false, on: '2024-10-08' } } };
      },
    },
    {
      mutation: 'recordUniversityAdmission',
      township: SENIOR_SCHOOL.regionCode,
      schoolId: SENIOR_SCHOOL.id,
      prepare: async () => ({
        query: `mutation($input: RecordUniversityAdmissionInput!) { recordUniversityAdmission(input: $input) { id } }`,
        variables: { input: ADMISSION(await graduatingSenior()) },
      }),
    },
    {
      mutation: 'correctUniversityAdmission',
      township: SENIOR_SCHOOL.regionCode,
      schoolId: SENIOR_SCHOOL.id,
      prepare: async () => ({
        query: `mutation($input: CorrectUniversityAdmissionInput!) { correctUniversityAdmission(input: $input) { id } }`,
        variables: { input: { admissionId: await admitted(), inProvince: false } },
      }),
    },
    {
      mutation: 'withdrawUniversityAdmission',
      township: SENIOR_SCHOOL.regionCode,
      schoolId: SENIOR_SCHOOL.id,
      prepare: async () => ({ query: `mutation($id: ID!) { withdrawUniversityAdmission(admissionId: $id, reason: "放弃入学") { id } }`, variables: { id: await admitted() } }),
    },
    {
      mutation: 'graduateStudent',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const [, , child] = await household(VILLAGE, 2013);
        const data = await setup<{ enrolStudent: { id: string } }>(`mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`, {
          input: { personId: child, schoolId: PRIMARY.id, academicYear: 2024, stage: 'PRIMARY', grade: 6, boarding: false },
        });
        return { query: `mutation($e: ID!) { graduateStudent(input: { enrolmentId: $e, on: "2025-07-01" }) { id } }`, variables: { e: data.enrolStudent.id } };
      },
    },
    {
      mutation: 'suspendStudent',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => ({ query: `mutation($e: ID!) { suspendStudent(input: { enrolmentId: $e, on: "2024-10-08", reason: "因病休学" }) { id } }`, variables: { e: await enrolled() } }),
    },
    {
      mutation: 'resumeStudent',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const e = await enrolled();
        await setup(`mutation($e: ID!) { suspendStudent(input: { enrolmentId: $e, on: "2024-10-08", reason: "因病休学" }) { id } }`, { e });
        return { query: `mutation($e: ID!) { resumeStudent(input: { enrolmentId: $e, on: "2024-11-08" }) { id } }`, variables: { e } };
      },
    },
    {
      mutation: 'dropOutStudent',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => ({ query: `mutation($e: ID!) { dropOutStudent(input: { enrolmentId: $e, on: "2024-10-08", reason: "外出务工" }) { id } }`, variables: { e: await enrolled() } }),
    },
    {
      mutation: 'correctEnrolment',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => ({ query: `mutation($e: ID!) { correctEnrolment(input: { enrolmentId: $e, grade: 2, reason: "录入错误" }) { id } }`, variables: { e: await enrolled() } }),
    },
    {
      mutation: 'recordFacilityGap',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => ({ query: `mutation { recordFacilityGap(input: { schoolId: "${PRIMARY.id}", category: TOILETS, description: "旱厕改造", estimatedCostFen: 5000000, recordedOn: "2024-05-01" }) { id } }` }),
    },
    {
      mutation: 'editFacilityGap',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const data = await setup<{ recordFacilityGap: { id: string } }>(
          `mutation { recordFacilityGap(input: { schoolId: "${PRIMARY.id}", category: TOILETS, description: "旱厕改造", estimatedCostFen: 5000000, recordedOn: "2024-05-01" }) { id } }`,
        );
        return { query: `mutation($g: ID!) { editFacilityGap(input: { gapId: $g, estimatedCostFen: 6000000, reason: "复核" }) { id } }`, variables: { g: data.recordFacilityGap.id } };
      },
    },
    {
      mutation: 'cancelFacilityGap',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const data = await setup<{ recordFacilityGap: { id: string } }>(
          `mutation { recordFacilityGap(input: { schoolId: "${PRIMARY.id}", category: TOILETS, description: "旱厕改造", estimatedCostFen: 5000000, recordedOn: "2024-05-01" }) { id } }`,
        );
        return { query: `mutation($g: ID!) { cancelFacilityGap(input: { gapId: $g, on: "2024-06-01", reason: "重复录入" }) { id } }`, variables: { g: data.recordFacilityGap.id } };
      },
    },
    {
      mutation: 'createProject',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async (n) => ({
        query: `mutation { createProject(input: { schoolId: "${PRIMARY.id}", name: "矩阵项目${n}", kind: "改薄", budgetFen: 100000, funding: { financeFen: 100000, povertyAlleviationLoanFen: 0, socialFen: 0 } }) { id } }`,
      }),
    },
    {
      mutation: 'changeProjectStatus',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const n = ++seq;
        const data = await setup<{ createProject: { id: string } }>(
          `mutation { createProject(input: { schoolId: "${PRIMARY.id}", name: "矩阵项目${n}", kind: "改薄", budgetFen: 100000, funding: { financeFen: 100000, povertyAlleviationLoanFen: 0, socialFen: 0 } }) { id } }`,
        );
        return { query: `mutation($id: ID!) { changeProjectStatus(input: { projectId: $id, status: APPROVED, on: "${todayIso()}" }) { id } }`, variables: { id: data.createProject.id } };
      },
    },
    // subsidies
    {
      mutation: 'createPolicySet',
      township: null,
      prepare: async (n) => {
        await forgetMatrixPolicySets();
        return {
          query: `mutation($input: PolicySetInput!) { createPolicySet(input: $input) { id } }`,
          variables: { input: { code: `MATRIX-${n}`, name: `矩阵政策${n}`, regionCode: COUNTY, fromYear: 2000, toYear: 2000, exitedKeepBenefits: true, rules: policyRules } },
        };
      },
    },
    {
      mutation: 'amendPolicySet',
      township: null,
      prepare: async () => {
        const n = ++seq;
        await forgetMatrixPolicySets();
        const input = { code: `MATRIX-${n}`, name: `矩阵政策${n}`, regionCode: COUNTY, fromYear: 2000, toYear: 2000, exitedKeepBenefits: true, rules: policyRules };
        await setup(`mutation($input: PolicySetInput!) { createPolicySet(input: $input) { id } }`, { input });
        return { query: `mutation($code: String!, $input: PolicySetInput!) { amendPolicySet(code: $code, input: $input) { id } }`, variables: { code: input.code, input: { ...input, name: `${input.name}(修订)` } } };
      },
    },
    { mutation: 'setEducationTarget', township: null, prepare: async () => ({ query: `mutation { setEducationTarget(regionCode: "${COUNTY}", year: 2024, targets: { seniorEnrolmentRate: 0.7 }) { year } }` }) },
    { mutation: 'computeEntitlements', township: TOWNSHIP, prepare: async () => ({ query: `mutation { computeEntitlements(regionCode: "${TOWNSHIP}", academicYear: 2023) { created } }` }) },
    {
      mutation: 'approveEntitlements',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => ({ query: `mutation($ids: [ID!]!) { approveEntitlements(ids: $ids) { id } }`, variables: { ids: [await computedEntitlement()] } }),
    },
    {
      mutation: 'publishSubsidyNotice',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        await setup(`mutation($ids: [ID!]!) { approveEntitlements(ids: $ids) { id } }`, { ids: [await computedEntitlement()] });
        return { query: `mutation { publishSubsidyNotice(schoolId: "${PRIMARY.id}", academicYear: 2023) { academicYear } }` };
      },
    },
    {
      mutation: 'recordNoticeObjection',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async (n) => ({ query: OBJECT, variables: { n: await currentNotice(), s: `矩阵异议${n}`, d: todayIso() } }),
    },
    {
      mutation: 'resolveNoticeObjection',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async (n) => {
        const data = await setup<{ recordNoticeObjection: { id: string } }>(OBJECT, { n: await currentNotice(), s: `矩阵异议${n}`, d: todayIso() });
        return { query: `mutation($o: ID!) { resolveNoticeObjection(objectionId: $o, resolution: "经核实,维持") { id } }`, variables: { o: data.recordNoticeObjection.id } };
      },
    },
    {
      mutation: 'setNutritionPlanCounty',
      township: null,
      prepare: async (n) => ({ query: `mutation { setNutritionPlanCounty(input: { countyCode: "${COUNTY}", fromYear: ${2015 + (n % 5)} }) { id } }` }),
    },
    {
      mutation: 'recordPayment',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async (n) => {
        const line = await publishedEntitlement();
        return {
          query: `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }`,
          variables: { input: { idempotencyKey: `matrix-pay-${n}`, entitlementId: line.id, amountFen: line.amountFen, paidOn: '2024-01-15' } },
        };
      },
    },
    {
      mutation: 'submitEntitlement',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        // A rule of the governing set at its amount (A-SPED, 200 yuan), for a pupil who has none yet.
        const [{ person_id }] = await sql(
          'subsidies',
          `SELECT f.person_id FROM enrolment_fact f
            WHERE f.school_id = $1 AND f.academic_year = 2023 AND f.status = 'ENROLLED'
              AND NOT EXISTS (SELECT 1 FROM entitlement e WHERE e.person_id = f.person_id AND e.academic_year = 2023 AND e.rule_code = 'A-SPED' AND e.status <> 'CANCELLED')
            ORDER BY f.person_id LIMIT 1`,
          [PRIMARY.id],
        );
        return {
          query: `mutation($input: SubmitEntitlementInput!) { submitEntitlement(input: $input) { id } }`,
          variables: { input: { personId: person_id, ruleCode: 'A-SPED', academicYear: 2023, department: '共青团芦溪县委', amountFen: 20000 } },
        };
      },
    },
    {
      mutation: 'reverseSubsidyPayment',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async (n) => {
        const line = await publishedEntitlement();
        const paid = await setup<{ recordPayment: { id: string } }>(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }`, {
          input: { idempotencyKey: `matrix-reverse-${n}`, entitlementId: line.id, amountFen: line.amountFen, paidOn: '2024-01-15' },
        });
        return {
          query: `mutation($id: ID!) { reverseSubsidyPayment(paymentId: $id, reason: "银行退回") { id reversed } }`,
          variables: { id: paid.recordPayment.id },
        };
      },
    },
    {
      mutation: 'cancelEntitlement',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => ({ query: `mutation($id: ID!) { cancelEntitlement(id: $id, reason: "重复申报") { id status } }`, variables: { id: await computedEntitlement() } }),
    },
    {
      mutation: 'recordInKindDelivery',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const id = spareInKind.pop();
        if (!id) throw new Error('out of in-kind entitlements for the matrix');
        await setup(`mutation($ids: [ID!]!) { approveEntitlements(ids: $ids) { id } }`, { ids: [id] });
        await setup(`mutation { publishSubsidyNotice(schoolId: "${PRIMARY.id}", academicYear: 2023) { academicYear } }`);
        return { query: `mutation($id: ID!) { recordInKindDelivery(entitlementId: $id, deliveredOn: "2024-03-01", note: "校服") { id status } }`, variables: { id } };
      },
    },
    // teachers
    {
      mutation: 'registerTeacher',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async (n) => ({
        query: `mutation($input: RegisterTeacherInput!) { registerTeacher(input: $input) { id } }`,
        variables: { input: { name: `新教师${n}`, idNumber: makeIdNumber(COUNTY, born(1991, n), 700 + (n % 100)), schoolId: PRIMARY.id, postType: 'SPECIAL_POST', rural: true, hardshipTier: 1, startedOn: '2016-09-01' } },
      }),
    },
    {
      mutation: 'setAllowanceRate',
      township: TOWNSHIP,
      prepare: async (n) => ({ query: `mutation { setAllowanceRate(input: { regionCode: "${TOWNSHIP}", hardshipTier: 1, fromMonth: "20${10 + (n % 15)}-0${(n % 9) + 1}", monthlyFen: 50000 }) { id } }` }),
    },
    {
      mutation: 'recordRotation',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const teacherId = await teacher();
        return { query: `mutation($t: ID!) { recordRotation(input: { teacherId: $t, kind: ROTATION, toSchoolId: "${JUNIOR.id}", toRural: true, startDate: "2024-09-01" }) { id } }`, variables: { t: teacherId } };
      },
    },
    { mutation: 'setSupportTeachingQuota', township: TOWNSHIP, prepare: async () => ({ query: `mutation { setSupportTeachingQuota(input: { regionCode: "${TOWNSHIP}", year: 2024, managers: 1, teachers: 2 }) { year } }` }) },
    {
      mutation: 'pairSchools',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const supported = await newSchool();
        return { query: `mutation($s: ID!) { pairSchools(input: { strongSchoolId: "${PRIMARY.id}", supportedSchoolId: $s, startedOn: "2024-02-01" }) { id } }`, variables: { s: supported } };
      },
    },
    {
      mutation: 'recordExchangeActivity',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const supported = await newSchool();
        const data = await setup<{ pairSchools: { id: string } }>(`mutation($s: ID!) { pairSchools(input: { strongSchoolId: "${PRIMARY.id}", supportedSchoolId: $s, startedOn: "2024-02-01" }) { id } }`, { s: supported });
        return { query: `mutation($p: ID!) { recordExchangeActivity(input: { pairingId: $p, heldOn: "2024-03-01", title: "同课异构" }) { id } }`, variables: { p: data.pairSchools.id } };
      },
    },
    {
      mutation: 'pairMentor',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const [mentorId, menteeId] = [await teacher(), await teacher()];
        return { query: `mutation($a: ID!, $b: ID!) { pairMentor(input: { mentorId: $a, menteeId: $b, startedOn: "2024-02-01" }) { id } }`, variables: { a: mentorId, b: menteeId } };
      },
    },
    { mutation: 'setHousingTarget', township: TOWNSHIP, prepare: async (n) => ({ query: `mutation { setHousingTarget(input: { regionCode: "${TOWNSHIP}", units: ${n}, dueOn: "2027-12-31" }) { units } }` }) },
    { mutation: 'addHousingUnit', township: TOWNSHIP, schoolId: PRIMARY.id, prepare: async (n) => ({ query: `mutation { addHousingUnit(input: { schoolId: "${PRIMARY.id}", label: "周转房 ${n}" }) { id } }` }) },
    {
      mutation: 'allocateHousing',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => {
        const n = ++seq;
        const unit = await setup<{ addHousingUnit: { id: string } }>(`mutation { addHousingUnit(input: { schoolId: "${PRIMARY.id}", label: "周转房 ${n}" }) { id } }`);
        const teacherId = await teacher();
        return { query: `mutation($u: ID!, $t: ID!) { allocateHousing(input: { unitId: $u, teacherId: $t, fromDate: "2024-09-01" }) { id } }`, variables: { u: unit.addHousingUnit.id, t: teacherId } };
      },
    },
    {
      mutation: 'moveTeacher',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => ({ query: `mutation($t: ID!) { moveTeacher(teacherId: $t, schoolId: "${JUNIOR.id}", on: "2024-09-01") { id } }`, variables: { t: await teacher() } }),
    },
    {
      mutation: 'recordTeacherLeft',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => ({ query: `mutation($t: ID!) { recordTeacherLeft(teacherId: $t, on: "2024-07-31") { id } }`, variables: { t: await teacher() } }),
    },
    {
      mutation: 'recordTraining',
      township: TOWNSHIP,
      schoolId: PRIMARY.id,
      prepare: async () => ({ query: `mutation($t: ID!) { recordTraining(input: { teacherId: $t, level: COUNTY, title: "国培计划", hours: 24, completedOn: "2024-05-01" }) { id } }`, variables: { t: await teacher() } }),
    },
    // vocational
    {
      mutation: 'createVocationalProgram',
      township: VOC_TOWNSHIP,
      schoolId: VOC_SCHOOL.id,
      prepare: async (n) => ({ query: `mutation { createVocationalProgram(input: { schoolId: "${VOC_SCHOOL.id}", major: "矩阵专业${n}", agricultural: false, durationYears: 3 }) { id } }` }),
    },
    {
      mutation: 'enrolVocational',
      township: VOC_TOWNSHIP,
      schoolId: VOC_SCHOOL.id,
      prepare: async () => {
        const [, , child] = await household(VOC_VILLAGE, 2008);
        await vocationalSchoolRecord(child, 2024);
        return { query: `mutation($input: VocationalEnrolmentInput!) { enrolVocational(input: $input) { id } }`, variables: { input: { personId: child, programId: vocProgram, startYear: 2024, nonContinuingGraduate: false } } };
      },
    },
    {
      mutation: 'graduateVocational',
      township: VOC_TOWNSHIP,
      schoolId: VOC_SCHOOL.id,
      prepare: async () => ({ query: `mutation($e: ID!) { graduateVocational(enrolmentId: $e, graduatedOn: "2024-06-30") { id } }`, variables: { e: await vocationalEnrolment(2021, 'GRADUATED') } }),
    },
    {
      mutation: 'withdrawVocational',
      township: VOC_TOWNSHIP,
      schoolId: VOC_SCHOOL.id,
      prepare: async () => ({ query: `mutation($e: ID!) { withdrawVocational(enrolmentId: $e, withdrawnOn: "2024-10-08", reason: "外出务工") { id } }`, variables: { e: await vocationalEnrolment(2024, 'DROPPED_OUT') } }),
    },
    {
      mutation: 'recordEmploymentOutcome',
      township: VOC_TOWNSHIP,
      schoolId: VOC_SCHOOL.id,
      prepare: async () => {
        const enrolmentId = await vocationalEnrolment(2021, 'GRADUATED');
        await setup(`mutation($e: ID!) { graduateVocational(enrolmentId: $e, graduatedOn: "2024-06-30") { id } }`, { e: enrolmentId });
        return { query: `mutation($e: ID!) { recordEmploymentOutcome(enrolmentId: $e, employed: true, employer: "萍乡某厂", since: "2024-08-01") { id } }`, variables: { e: enrolmentId } };
      },
    },
    {
      mutation: 'flagNonContinuingGraduate',
      township: VOC_TOWNSHIP,
      prepare: async () => {
        const [, , child] = await household(VOC_VILLAGE, 2008);
        return { query: `mutation($p: ID!) { flagNonContinuingGraduate(personId: $p, year: 2024) { year } }`, variables: { p: child } };
      },
    },
    { mutation: 'detectNonContinuingGraduates', township: VOC_TOWNSHIP, prepare: async () => ({ query: `mutation { detectNonContinuingGraduates(regionCode: "${VOC_TOWNSHIP}") { detected } }` }) },
    { mutation: 'refreshHouseholdProjection', township: VOC_TOWNSHIP, prepare: async () => ({ query: `mutation { refreshHouseholdProjection(regionCode: "${VOC_TOWNSHIP}") { refreshedAt } }` }) },
    {
      mutation: 'recordSkillsTraining',
      township: VOC_TOWNSHIP,
      prepare: async () => {
        const [, head] = await household(VOC_VILLAGE);
        return { query: `mutation($p: ID!) { recordSkillsTraining(input: { personId: $p, kind: MIGRANT_TRANSFER, hours: 40, completedOn: "2024-05-01" }) { id } }`, variables: { p: head } };
      },
    },
  ];

  beforeAll(async () => {
    // Every caller runs its own documents here: the matrix tests the services' rules, not trusted documents.
    Object.assign(process.env, { TRUSTED_DOCUMENTS: 'off' });
    graph = await startTestGraph();
    admin = await graph.token({ role: 'COUNTY', regionCode: COUNTY, scopes: ALL_SCOPES, subject: 'matrix-admin' });
    await setup(`mutation { scanForDropouts(regionCode: "${COUNTY}", academicYear: 2023) { opened } }`);
    // The demo's pupils at the primary school leave too few lines for every case that takes one
    // (approve, publish, pay, cancel, deliver … × every caller): enrol more before computing.
    for (let i = 0; i < 20; i++) {
      const [, , child] = await household(VILLAGE, 2016);
      await setup(`mutation($input: EnrolStudentInput!) { enrolStudent(input: $input) { id } }`, {
        input: { personId: child, schoolId: PRIMARY.id, academicYear: 2023, stage: 'PRIMARY', grade: 1, boarding: i % 2 === 0 },
      });
    }
    await setup(`mutation { computeEntitlements(regionCode: "${COUNTY}", academicYear: 2023) { created } }`);
    const lines: { id: string }[] = await sql('subsidies', `SELECT id FROM entitlement WHERE school_id = $1 AND academic_year = 2023 AND status = 'COMPUTED' AND amount_fen > 0 ORDER BY id`, [PRIMARY.id]);
    spareEntitlements.push(...lines.map((l) => l.id));
    const inKind: { id: string }[] = await sql('subsidies', `SELECT id FROM entitlement WHERE school_id = $1 AND academic_year = 2023 AND status = 'COMPUTED' AND kind = 'IN_KIND' ORDER BY id`, [PRIMARY.id]);
    spareInKind.push(...inKind.map((l) => l.id));
    const set = await setup<{ subsidyPolicySet: { rules: { definition: string }[] } }>(
      `query { subsidyPolicySet(regionCode: "${COUNTY}", academicYear: 2023) { rules { definition } } }`,
    );
    policyRules = `[${set.subsidyPolicySet.rules.map((r) => r.definition).join(',')}]`;
    const program = await setup<{ createVocationalProgram: { id: string } }>(
      `mutation { createVocationalProgram(input: { schoolId: "${VOC_SCHOOL.id}", major: "矩阵基础专业", agricultural: false, durationYears: 3 }) { id } }`,
    );
    vocProgram = program.createVocationalProgram.id;
  });
  afterAll(async () => {
    delete process.env.TRUSTED_DOCUMENTS;
    await graph?.stop();
  });

  it('covers every mutation of the graph', () => {
    const mutationType = apiSchema.getMutationType()!;
    expect(cases.map((c) => c.mutation).sort()).toEqual(Object.keys(mutationType.getFields()).sort());
  });

  it.each(cases.map((c) => [c.mutation, c] as const))('%s: success or FORBIDDEN at every level, never an internal error', async (_name, mutationCase) => {
    const problems: string[] = [];
    for (const caller of callersFor(mutationCase)) {
      const n = ++seq;
      const subject = `matrix-${mutationCase.mutation}-${n}`;
      const token = await graph.token({ ...caller.claims, subject, scopes: ALL_SCOPES });
      const attempt = await mutationCase.prepare(n);
      const result = await graph.graphql(attempt.query, attempt.variables ?? {}, token);
      const done = !result.errors && (mutationCase.done ? mutationCase.done(result.data) : true);
      const problem = verdict(caller.expect, result, done);
      if (problem) problems.push(`${caller.label} (${caller.claims.role} ${caller.claims.regionCode}): ${problem}`);
      if (result.errors) refusedSubjects.push(subject);
    }
    expect(problems).toEqual([]);
  });

  it('leaves no audit entry behind for a refused write', async () => {
    for (const service of graph.services.keys()) {
      const rows = await sql(service, `SELECT subject, operation FROM audit_entry WHERE subject = ANY($1)`, [refusedSubjects]);
      expect(rows).toEqual([]);
    }
    expect(refusedSubjects.length).toBeGreaterThan(cases.length * 4);
  });

  /** Region-wide lists and reports, each asked for the county (or the target township). */
  const lists: { field: string; township: string | null; query: string }[] = [
    { field: 'households', township: null, query: `{ households(filter: { regionCode: "${COUNTY}" }, first: 5) { totalCount edges { node { id } } } }` },
    { field: 'monitoredHouseholds', township: null, query: `{ monitoredHouseholds(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { id } } } }` },
    { field: 'schools', township: null, query: `{ schools(filter: { regionCode: "${COUNTY}" }, first: 5) { totalCount edges { node { id } } } }` },
    { field: 'dropoutCases', township: null, query: `{ dropoutCases(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { id } } } }` },
    // A school's cases (of one year): the list school staff may read, for their own school.
    { field: 'dropoutCases', township: null, query: `{ dropoutCases(regionCode: "${COUNTY}", academicYear: 2023, schoolId: "${JUNIOR.id}", first: 5) { totalCount edges { node { id } } } }` },
    { field: 'enrolments', township: null, query: `{ enrolments(regionCode: "${COUNTY}", academicYear: 2023, first: 5) { totalCount edges { node { id } } } }` },
    { field: 'facilityGaps', township: null, query: `{ facilityGaps(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { id } } } }` },
    { field: 'improvementProjects', township: null, query: `{ improvementProjects(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { id } } } }` },
    { field: 'projectFundingTotals', township: null, query: `{ projectFundingTotals(regionCode: "${COUNTY}") { projects budgetFen } }` },
    { field: 'educationTargets', township: null, query: `{ educationTargets(regionCode: "${COUNTY}", year: 2024) { year adopted { seniorEnrolmentRate } } }` },
    { field: 'entitlements', township: null, query: `{ entitlements(regionCode: "${COUNTY}", academicYear: 2023, first: 5) { totalCount edges { node { id } } } }` },
    { field: 'subsidyCoverageGaps', township: null, query: `{ subsidyCoverageGaps(regionCode: "${COUNTY}", academicYear: 2023, first: 5) { edges { node { ruleCode } } } }` },
    { field: 'subsidyRecoveries', township: null, query: `{ subsidyRecoveries(regionCode: "${COUNTY}", academicYear: 2023, first: 5) { totalCount edges { node { paidFen } } } }` },
    { field: 'subsidyNotices', township: null, query: `{ subsidyNotices(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { id regionCode } } } }` },
    { field: 'subsidyPolicySets', township: null, query: `{ subsidyPolicySets(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { code regionCode versions { version } } } } }` },
    { field: 'nutritionPlanCounties', township: null, query: `{ nutritionPlanCounties(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { countyCode } } } }` },
    { field: 'subsidyPayments', township: null, query: `{ subsidyPayments(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { id reference } } } }` },
    { field: 'subsidyPresenceExceptions', township: null, query: `{ subsidyPresenceExceptions(regionCode: "${COUNTY}", academicYear: 2023, first: 5) { totalCount edges { node { reason } } } }` },
    { field: 'reconcileSubsidyPayments', township: null, query: `{ reconcileSubsidyPayments(regionCode: "${COUNTY}", csv: "reference,amount_fen,date\\nmatrix-pay-1,100,2024-01-15") { matched { reference } unmatched { reference } mismatched { reference } paymentsWithoutBankRowCount } }` },
    { field: 'subsidyFundingTotals', township: null, query: `{ subsidyFundingTotals(regionCode: "${COUNTY}", academicYear: 2023) { source entitledFen } }` },
    { field: 'teachers', township: null, query: `{ teachers(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { id } } } }` },
    { field: 'untrainedTeachers', township: null, query: `{ untrainedTeachers(regionCode: "${COUNTY}", cycleStartYear: 2016, first: 5) { totalCount edges { node { id } } } }` },
    { field: 'housingSummary', township: null, query: `{ housingSummary(regionCode: "${COUNTY}") { built allocated vacant target { units } } }` },
    { field: 'teacherAllowances', township: null, query: `{ teacherAllowances(regionCode: "${COUNTY}", month: "2023-09") { teacherCount totalFen } }` },
    { field: 'allowanceRates', township: null, query: `{ allowanceRates(regionCode: "${COUNTY}") { id } }` },
    { field: 'supportTeachingProgress', township: null, query: `{ supportTeachingProgress(regionCode: "${COUNTY}", year: 2023) { year } }` },
    { field: 'schoolPairings', township: null, query: `{ schoolPairings(regionCode: "${COUNTY}") { id } }` },
    { field: 'vocationalPrograms', township: null, query: `{ vocationalPrograms(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { id } } } }` },
    { field: 'vocationalEnrolments', township: null, query: `{ vocationalEnrolments(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { id } } } }` },
    { field: 'householdsWithoutSkilledMember', township: null, query: `{ householdsWithoutSkilledMember(regionCode: "${COUNTY}", first: 5) { totalCount edges { node { householdId } } } }` },
    { field: 'skillsTrainingOutcomes', township: null, query: `{ skillsTrainingOutcomes(regionCode: "${COUNTY}", year: 2024) { kind trained } }` },
    { field: 'twoAfterStudentsNotEnrolled', township: null, query: `{ twoAfterStudentsNotEnrolled(regionCode: "${COUNTY}", first: 5) { totalCount } }` },
    { field: 'personChanges', township: null, query: `{ personChanges(first: 5) { edges { node { personId } } } }` },
    { field: 'enrolmentChanges', township: null, query: `{ enrolmentChanges(first: 5) { edges { node { enrolmentId } } } }` },
    { field: 'universityAdmissions', township: null, query: `{ universityAdmissions(regionCode: "${COUNTY}", academicYear: 2026, first: 5) { totalCount edges { node { id regionCode } } } }` },
    { field: 'universityAdmissionChanges', township: null, query: `{ universityAdmissionChanges(first: 5) { edges { node { admissionId regionCode } } } }` },
    { field: 'nonContinuingGraduateChanges', township: null, query: `{ nonContinuingGraduateChanges(first: 5) { edges { node { personId regionCode } } } }` },
  ];

  it('lists every region-wide list of the graph', () => {
    const queryFields = apiSchema.getQueryType()!.getFields();
    const regionWide = Object.values(queryFields)
      .filter((f) => f.args.some((a) => a.name === 'regionCode' || a.name === 'filter') && isObjectType(apiSchema.getQueryType()))
      .map((f) => f.name)
      .filter((name) => !['subsidyPolicySet', 'subsidyPolicySetVersion', 'entitlementPreview'].includes(name)); // policy lookups: not lists of region rows
    expect(lists.map((l) => l.field)).toEqual(expect.arrayContaining(regionWide));
  });

  it.each(lists.map((l) => [l.field, l] as const))('%s: each level reads its own region, outsiders nothing, never an internal error', async (_field, list) => {
    const problems: string[] = [];
    for (const caller of callersFor({ township: list.township })) {
      const token = await graph.token({ ...caller.claims, subject: `matrix-reader-${++seq}`, scopes: ALL_SCOPES });
      const result = await graph.graphql(list.query, {}, token);
      // Readers: AUDITOR reads its region like an officer; outsiders get a refusal or nothing of 360323.
      const expectation: Expectation = caller.claims.role === 'AUDITOR' ? (caller.expect === 'forbidden' && caller.claims.regionCode === COUNTY ? 'ok' : 'refused') : caller.expect;
      const codes = (result.errors ?? []).map((e) => String(e.extensions?.code));
      if (expectation === 'refused' && !result.errors) {
        if (/36032\d/.test(JSON.stringify(result.data)) || /"totalCount":[1-9]/.test(JSON.stringify(result.data))) problems.push(`${caller.label}: read 360323's rows`);
        continue;
      }
      if (codes.includes('INTERNAL_SERVER_ERROR') || result.status >= 500) problems.push(`${caller.label}: internal error ${JSON.stringify(result.errors)}`);
      const problem = verdict(expectation, result);
      if (problem) problems.push(`${caller.label} (${caller.claims.role} ${caller.claims.regionCode}): ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it('answers a cursor of another list as bad input on every keyset list, never an internal error', async () => {
    const county = await graph.token({ role: 'COUNTY', regionCode: COUNTY, scopes: ALL_SCOPES });
    const foreign = encodeCursor(['one', 'two', 'three']);
    for (const query of [
      `{ teachers(regionCode: "${COUNTY}", first: 5, after: "${foreign}") { totalCount } }`,
      `{ untrainedTeachers(regionCode: "${COUNTY}", cycleStartYear: 2016, first: 5, after: "${foreign}") { totalCount } }`,
      `{ dropoutCases(regionCode: "${COUNTY}", first: 5, after: "${foreign}") { totalCount } }`,
      `{ universityAdmissions(regionCode: "${COUNTY}", academicYear: 2026, first: 5, after: "${foreign}") { totalCount } }`,
      `{ schools(filter: { regionCode: "${COUNTY}" }, first: 5, after: "${foreign}") { totalCount } }`,
      `{ enrolments(regionCode: "${COUNTY}", academicYear: 2023, first: 5, after: "${foreign}") { totalCount } }`,
      `{ schoolRoster(schoolId: "${PRIMARY.id}", academicYear: 2023, first: 5, after: "${foreign}") { totalCount } }`,
      `{ facilityGaps(regionCode: "${COUNTY}", first: 5, after: "${foreign}") { totalCount } }`,
      `{ improvementProjects(regionCode: "${COUNTY}", first: 5, after: "${foreign}") { totalCount } }`,
      `{ entitlements(regionCode: "${COUNTY}", academicYear: 2023, first: 5, after: "${encodeCursor(['a', 'b'])}") { totalCount } }`,
    ]) {
      const result = await graph.graphql(query, {}, county);
      expect({ query, codes: result.errors?.map((e) => e.extensions?.code) }).toEqual({ query, codes: ['BAD_USER_INPUT'] });
    }
  });
});
