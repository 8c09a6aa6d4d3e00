import { DEMO_SCHOOLS, demoEnrolments, demoHouseholds } from '@epg/demo';
import { academicYearOf, maskIdNumber } from '@epg/domain';
import {
  ApproveEntitlementsDocument,
  ChangeHouseholdStatusDocument,
  ComputeEntitlementsDocument,
  EnrolStudentDocument,
  EntitlementPreviewDocument,
  PersonEntitlementsDocument,
  PublishSubsidyNoticeDocument,
  RecordPaymentDocument,
  SchoolProfileDocument,
  SubsidyCoverageGapsDocument,
  SubsidyPolicySetDocument,
} from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';
import { evaluatePolicySet, seedPolicySets } from '@epg/subsidies';

const YEAR = 2023;
const setA = seedPolicySets().find((s) => s.code === 'A')!;
const households = new Map(demoHouseholds().flatMap((h) => h.members.map((m) => [m.id, { household: h, person: m }] as const)));

/**
 * The 2023 学籍 the engine pays on: ENROLLED or GRADUATED in the year (the demo's vocational
 * students who dropped out in 2023 are not paid for).
 */
const paidEnrolments = () => demoEnrolments(YEAR).filter((e) => e.status === 'ENROLLED' || e.status === 'GRADUATED');

/** What the engine owes the demo county in 2023, computed by hand from the demo generators. */
function expectedLines() {
  const lines: { personId: string; ruleCode: string; amountFen: number | null; enrolmentId: string; profile: object; explanation: string; funding: object }[] = [];
  for (const e of paidEnrolments()) {
    const { household, person } = households.get(e.personId)!;
    const last = household.statusHistory.at(-1)!;
    const exit = household.statusHistory.filter((s) => s.status === 'EXITED').at(-1);
    const school = DEMO_SCHOOLS.find((s) => s.id === e.schoolId)!;
    const profile = {
      stage: e.stage,
      grade: e.grade,
      boarding: e.boarding,
      specialEducation: e.specialEducation,
      schoolOwnership: school.ownership,
      agricultureMajor: e.agricultureMajor,
      ruralResident: household.category !== 'URBAN_DIFFICULT',
      householdStatus: last.status,
      householdCategory: household.category,
      householdExitedYear: last.status === 'EXITED' && exit ? academicYearOf(exit.on) : null,
      disabled: person.hasDisability,
      admittedToUniversityInProvince: null,
      nonContinuingGraduate: false,
    };
    for (const line of evaluatePolicySet(setA, YEAR, profile)) {
      lines.push({ personId: e.personId, ruleCode: line.ruleCode, amountFen: line.amountFen, enrolmentId: e.id, profile, explanation: line.explanation, funding: line.funding });
    }
  }
  return lines;
}

describe('subsidies service through the gateway', () => {
  let graph: TestGraph;
  let county: string;
  let approver: string;
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['pii:read'] });
    approver = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve', 'subsidy:pay'], subject: 'finance-officer' });
  });
  afterAll(() => graph?.stop());

  it('resolves the governing set by the most specific region prefix and year', async () => {
    const a = await graph.graphql(SubsidyPolicySetDocument, { regionCode: '360323101201', academicYear: 2024 }, county);
    expect(a.errors).toBeUndefined();
    expect(a.data?.subsidyPolicySet).toMatchObject({ name: setA.name, regionCode: '360323', fromYear: 2023, toYear: null, exitedKeepBenefits: true });
    expect(a.data?.subsidyPolicySet?.rules.map((r) => r.code)).toEqual(setA.rules.map((r) => r.code));
    expect(a.data?.subsidyPolicySet?.rules.find((r) => r.code === 'A-NBRD')?.amountFen).toBeNull();
    const before = await graph.graphql(SubsidyPolicySetDocument, { regionCode: '360323', academicYear: 2020 }, county);
    expect(before.data).toEqual({ subsidyPolicySet: null });
    const hubei = await graph.token({ role: 'PROVINCE', regionCode: '420000' });
    const b = await graph.graphql(SubsidyPolicySetDocument, { regionCode: '420102', academicYear: 2017 }, hubei);
    expect(b.data?.subsidyPolicySet?.regionCode).toBe('420000');
  });

  it('previews the lines a profile gets, with explanations and totals, and says when no set applies', async () => {
    const profile = { stage: 'JUNIOR', grade: 2, boarding: true, specialEducation: true, schoolOwnership: 'PUBLIC', householdStatus: 'EXITED', householdCategory: 'POVERTY_REGISTERED', householdExitedYear: 2019, disabled: false } as const;
    const preview = await graph.graphql(EntitlementPreviewDocument, { regionCode: '360323', academicYear: YEAR, profile }, county);
    expect(preview.errors).toBeUndefined();
    expect(preview.data?.entitlementPreview.lines.map((l) => [l.ruleCode, l.amountFen])).toEqual([
      ['A-BRD-JUN', 125000],
      ['A-SPED', 20000],
      ['A-KIND-MATERIALS', null],
      ['A-KIND-UNIFORM', null],
      ['A-KIND-INSURANCE', null],
    ]);
    expect(preview.data?.entitlementPreview.lines[0]!.explanation).toMatch(/boarding.*EXITED/);
    expect(preview.data?.entitlementPreview).toMatchObject({ toStudentFen: 145000, toSchoolFen: 0 });
    const none = await graph.graphql(EntitlementPreviewDocument, { regionCode: '360323', academicYear: 2019, profile }, county);
    expect(none.data?.entitlementPreview).toEqual({ policySet: null, lines: [], toStudentFen: 0, toSchoolFen: 0 });
    const bad = await graph.graphql(EntitlementPreviewDocument, { regionCode: '360323', academicYear: YEAR, profile: { ...profile, grade: 0 } }, county);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'profile.grade', message: expect.any(String) }] });
  });

  it('computes every enrolled student from the households and schools facts, idempotently, as back-pay for a past year', async () => {
    const expected = expectedLines();
    const first = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, county);
    expect(first.errors).toBeUndefined();
    expect(first.data?.computeEntitlements).toEqual({
      students: new Set(paidEnrolments().map((e) => e.personId)).size,
      created: expected.length,
      unchanged: 0,
      cancelled: 0,
      backPay: expected.length,
    });
    const stored = await sql(`SELECT person_id AS "personId", rule_code AS "ruleCode", amount_fen AS "amountFen" FROM entitlement WHERE status = 'COMPUTED' AND back_pay`);
    const key = (l: { personId: string; ruleCode: string }) => `${l.personId}:${l.ruleCode}`;
    expect(stored.map(key).sort()).toEqual(expected.map(key).sort());
    // Each line records what the engine saw (set, version, profile, enrolment), why, and who funds it.
    const recorded: { personId: string; ruleCode: string; facts: Record<string, unknown>; explanation: string; funding: object }[] = await sql(
      `SELECT person_id AS "personId", rule_code AS "ruleCode", facts, explanation, funding FROM entitlement WHERE academic_year = $1`,
      [YEAR],
    );
    const byKey = new Map(expected.map((l) => [key(l), l]));
    for (const line of recorded) {
      const want = byKey.get(key(line))!;
      expect(line).toMatchObject({ explanation: want.explanation, funding: want.funding });
      expect(line.facts).toEqual({
        policySet: 'A',
        policyVersion: 1, // the seeded set, never amended here
        profile: want.profile,
        enrolmentId: want.enrolmentId,
        factsRefreshedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
    }
    const again = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, county);
    expect(again.data?.computeEntitlements).toMatchObject({ created: 0, unchanged: expected.length, cancelled: 0, backPay: 0 });
    const audit = await sql(`SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'computeEntitlements'`);
    expect(audit[0].n).toBe(2);
  });

  it('approves (subsidy:approve only), publishes a notice with masked ID numbers, and pays exactly once', async () => {
    const boarding = (await sql(`SELECT id, person_id, school_id, amount_fen FROM entitlement WHERE rule_code = 'A-BRD-JUN' AND status = 'COMPUTED' ORDER BY id LIMIT 1`))[0];
    const sameSchool: { id: string }[] = await sql(`SELECT id FROM entitlement WHERE school_id = $1 AND status = 'COMPUTED' AND academic_year = $2`, [boarding.school_id, YEAR]);
    const refused = await graph.graphql(ApproveEntitlementsDocument, { ids: [boarding.id] }, county);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const approved = await graph.graphql(ApproveEntitlementsDocument, { ids: sameSchool.map((r) => r.id) }, approver);
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.approveEntitlements.every((e) => e.status === 'APPROVED')).toBe(true);

    const unpublished = await graph.graphql(
      RecordPaymentDocument,
      { input: { idempotencyKey: 'pay-early', entitlementId: boarding.id, amountFen: 1000, paidOn: '2024-01-10' } },
      approver,
    );
    expect(unpublished.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const notice = await graph.graphql(PublishSubsidyNoticeDocument, { schoolId: boarding.school_id, academicYear: YEAR }, approver);
    expect(notice.errors).toBeUndefined();
    expect(notice.data?.publishSubsidyNotice.lines).toHaveLength(sameSchool.length);
    const person = households.get(boarding.person_id)!.person;
    expect(notice.data?.publishSubsidyNotice.lines).toContainEqual({ personName: person.name, idNumberMasked: maskIdNumber(person.idNumber), ruleCode: 'A-BRD-JUN', amountFen: 125000 });
    expect(JSON.stringify(notice.data)).not.toContain(person.idNumber);

    const pay = (key: string, amountFen: number) =>
      graph.graphql(RecordPaymentDocument, { input: { idempotencyKey: key, entitlementId: boarding.id, amountFen, paidOn: '2024-01-15', channel: '一卡通' } }, approver);
    const [a, b] = await Promise.all([pay('pay-a', 125000), pay('pay-b', 125000)]);
    const succeeded = [a, b].filter((r) => !r.errors);
    expect(succeeded).toHaveLength(1);
    expect([a, b].find((r) => r.errors)?.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const winner = succeeded[0]!.data!.recordPayment;
    expect(winner.entitlement).toEqual({ id: boarding.id, status: 'PAID' });
    const replay = await pay(a.errors ? 'pay-b' : 'pay-a', 125000);
    expect(replay.data?.recordPayment.id).toBe(winner.id);
    const paid = await sql(`SELECT sum(amount_fen)::int AS total FROM payment WHERE entitlement_id = $1`, [boarding.id]);
    expect(paid[0].total).toBe(125000);

    const entitlements = await graph.graphql(PersonEntitlementsDocument, { personId: boarding.person_id, academicYear: YEAR }, county);
    expect(entitlements.errors).toBeUndefined();
    expect(entitlements.data?.person?.entitlements?.find((e) => e.ruleCode === 'A-BRD-JUN')).toMatchObject({
      status: 'PAID',
      backPay: true,
      payments: [{ amountFen: 125000, paidOn: '2024-01-15' }],
    });
    expect(entitlements.data?.person?.enrolments?.length).toBeGreaterThan(0);
  });

  it('cancels what a removed household no longer gets, but never touches what was paid', async () => {
    const [paid] = await sql(`SELECT person_id FROM entitlement WHERE status = 'PAID' LIMIT 1`);
    const household = households.get(paid.person_id)!.household;
    const members = household.members.map((m) => m.id);
    const ofHousehold = (): Promise<{ id: string; status: string }[]> =>
      sql(`SELECT id, status FROM entitlement WHERE person_id = ANY($1::uuid[]) AND academic_year = $2 ORDER BY id`, [members, YEAR]);
    const before = await ofHousehold();
    const removed = await graph.graphql(ChangeHouseholdStatusDocument, { householdId: household.id, status: 'REMOVED', on: '2024-06-01', reason: '识别不准, 清退' }, county);
    expect(removed.errors).toBeUndefined();
    const result = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, county);
    const after = await ofHousehold();
    expect(result.data?.computeEntitlements.cancelled).toBe(before.filter((e) => e.status !== 'PAID').length);
    expect(after.filter((e) => e.status === 'PAID')).toEqual(before.filter((e) => e.status === 'PAID'));
    expect(after.filter((e) => e.status === 'PAID')).toHaveLength(1);
    expect(after.filter((e) => e.status !== 'PAID').every((e) => e.status === 'CANCELLED')).toBe(true);
    const elsewhere = await sql(`SELECT count(*)::int AS n FROM entitlement WHERE status = 'CANCELLED' AND NOT (person_id = ANY($1::uuid[]))`, [members]);
    expect(elsewhere[0].n).toBe(0);
  });

  it('computes the current year without back-pay for a newly enrolled student', async () => {
    const child = demoHouseholds()
      .filter((h) => h.statusHistory.at(-1)!.status === 'IDENTIFIED')
      .flatMap((h) => h.members)
      .find((m) => m.birthDate > '2016-01-01' && m.birthDate < '2018-06-01')!;
    const school = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY')!;
    const currentYear = academicYearOf(new Date().toISOString().slice(0, 10));
    const enrolled = await graph.graphql(
      EnrolStudentDocument,
      { input: { personId: child.id, schoolId: school.id, academicYear: currentYear, stage: 'PRIMARY', grade: 3, boarding: true } },
      county,
    );
    expect(enrolled.errors).toBeUndefined();
    const result = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: currentYear }, county);
    expect(result.data?.computeEntitlements).toMatchObject({ students: 1, created: 4, backPay: 0 });
    const rules = await sql(`SELECT rule_code, back_pay FROM entitlement WHERE person_id = $1 AND academic_year = $2 ORDER BY rule_code`, [child.id, currentYear]);
    expect(rules).toEqual(['A-BRD-PRI', 'A-KIND-INSURANCE', 'A-KIND-MATERIALS', 'A-KIND-UNIFORM'].map((rule_code) => ({ rule_code, back_pay: false })));
  });

  it('reports coverage gaps (应助尽助) and the school and region totals', async () => {
    const [{ missing }] = await sql(
      `SELECT count(*)::int AS missing FROM eligible_line l JOIN entitlement e ON e.person_id = l.person_id AND e.rule_code = l.rule_code
        AND e.academic_year = l.academic_year AND e.status <> 'CANCELLED'
        WHERE l.academic_year = $1 AND (e.status = 'COMPUTED' OR (e.amount_fen IS NOT NULL AND e.paid_fen < e.amount_fen))`,
      [YEAR],
    );
    const gaps = await graph.graphql(SubsidyCoverageGapsDocument, { regionCode: '360323', academicYear: YEAR, first: 5 }, county);
    expect(gaps.errors).toBeUndefined();
    expect(gaps.data?.subsidyCoverageGaps.totalCount).toBe(missing);
    const gap = gaps.data!.subsidyCoverageGaps.edges[0]!.node;
    expect(gap.person?.name).toBe(households.get(gap.person!.id)!.person.name);
    expect(gap.missingFen).toBe(gap.entitledFen === null ? null : gap.entitledFen - gap.paidFen);

    const [paidSchool] = await sql(`SELECT school_id FROM entitlement WHERE status = 'PAID' LIMIT 1`);
    const [totals] = await sql(
      `SELECT count(DISTINCT person_id)::int AS students, sum(coalesce(amount_fen, 0))::float8 AS entitled, sum(paid_fen)::float8 AS paid
         FROM entitlement WHERE school_id = $1 AND academic_year = $2 AND status <> 'CANCELLED'`,
      [paidSchool.school_id, YEAR],
    );
    const profile = await graph.graphql(SchoolProfileDocument, { id: paidSchool.school_id, academicYear: YEAR }, county);
    expect(profile.errors).toBeUndefined();
    expect(profile.data?.school?.subsidyTotals).toEqual({ students: totals.students, entitledFen: totals.entitled, paidFen: totals.paid });

    const stats = await graph.graphql(`query { region(code: "360323") { subsidyStats(academicYear: ${YEAR}) { eligibleStudents coveredStudents coverageRate paidFen } } }`, {}, county);
    const s = (stats.data as { region: { subsidyStats: { eligibleStudents: number; coveredStudents: number; coverageRate: number; paidFen: number } } }).region.subsidyStats;
    expect(s.eligibleStudents).toBeGreaterThan(100);
    expect(s.coveredStudents).toBeGreaterThan(0);
    expect(s.coverageRate).toBeCloseTo(s.coveredStudents / s.eligibleStudents);
    expect(s.paidFen).toBe(125000);
  });

  it('refuses a second department submitting the same benefit, naming the first', async () => {
    const [existing] = await sql(
      `SELECT id, person_id FROM entitlement e WHERE rule_code = 'A-BRD-PRI' AND status = 'COMPUTED' AND academic_year = $1
          AND NOT EXISTS (SELECT 1 FROM entitlement s WHERE s.person_id = e.person_id AND s.academic_year = $1 AND s.rule_code = 'A-SPED' AND s.status <> 'CANCELLED')
        LIMIT 1`,
      [YEAR],
    );
    const submit = (ruleCode: string, amountFen: number) =>
      graph.graphql(
        `mutation($input: SubmitEntitlementInput!) { submitEntitlement(input: $input) { id source } }`,
        { input: { personId: existing.person_id, ruleCode, academicYear: YEAR, department: '共青团芦溪县委', amountFen } },
        county,
      );
    const duplicate = await submit('A-BRD-PRI', 100000);
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(duplicate.errors?.[0]?.message).toContain(existing.id);
    const fresh = await submit('A-SPED', 20000);
    expect(fresh.data).toEqual({ submitEntitlement: { id: expect.any(String), source: '共青团芦溪县委' } });
    const again = await submit('A-SPED', 20000);
    expect(again.errors?.[0]?.message).toContain('共青团芦溪县委');
  });

  it('leaves out of a first computation the lines a transferred student still has live in another region', async () => {
    const year = academicYearOf(new Date().toISOString().slice(0, 10));
    const [mover, newcomer] = demoHouseholds()
      .filter((h) => h.statusHistory.at(-1)!.status === 'IDENTIFIED')
      .flatMap((h) => h.members)
      .filter((m) => m.birthDate > '2016-01-01' && m.birthDate < '2018-06-01')
      .slice(1, 3);
    const primaryIn = (township: string) => DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY' && s.regionCode === township)!;
    const [from, to] = [primaryIn('360323100'), primaryIn('360323101')];
    const enrol = async (personId: string, schoolId: string) => {
      const enrolled = await graph.graphql(EnrolStudentDocument, { input: { personId, schoolId, academicYear: year, stage: 'PRIMARY', grade: 3, boarding: true } }, county);
      expect(enrolled.errors).toBeUndefined();
      return enrolled.data!.enrolStudent.id;
    };
    const compute = async (regionCode: string) => {
      const result = await graph.graphql(ComputeEntitlementsDocument, { regionCode, academicYear: year }, county);
      expect(result.errors).toBeUndefined();
      return result.data!.computeEntitlements;
    };
    const liveLines = (personId: string): Promise<{ rule_code: string; region_code: string }[]> =>
      sql(`SELECT rule_code, region_code FROM entitlement WHERE person_id = $1 AND academic_year = $2 AND status <> 'CANCELLED' ORDER BY rule_code`, [personId, year]);

    const enrolment = await enrol(mover!.id, from.id);
    await compute(from.regionCode);
    const before = await liveLines(mover!.id);
    expect(before.length).toBeGreaterThan(0);
    expect(await sql(`SELECT 1 FROM entitlement WHERE academic_year = $1 AND region_code = $2`, [year, to.regionCode])).toEqual([]);
    const transfer = await graph.graphql(
      `mutation($input: TransferStudentInput!) { transferStudent(input: $input) { id } }`,
      { input: { enrolmentId: enrolment, toSchoolId: to.id, boarding: true } },
      county,
    );
    expect(transfer.errors).toBeUndefined();
    await enrol(newcomer!.id, to.id);

    // The new region's first computation: the newcomer's lines are created; the mover's, live
    // where they were created (one live line per student, rule and year), stay there alone.
    const first = await compute(to.regionCode);
    expect(first).toMatchObject({ students: 2, unchanged: before.length });
    expect(await liveLines(mover!.id)).toEqual(before);
    const created = await liveLines(newcomer!.id);
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((l) => l.region_code === to.regionCode)).toBe(true);
    expect(first.created).toBe(created.length);
  });

  it('keeps every entitlement on a policy set that exists, checked once per statement', async () => {
    const [line]: { id: string; setId: string }[] = await sql(`SELECT id, policy_set_id AS "setId" FROM entitlement WHERE source = 'ENGINE' LIMIT 1`);
    const unknown = '00000000-0000-4000-8000-000000000001';
    const refused = { code: '23503', constraint: 'entitlement_policy_set_id_fkey' };
    await expect(
      sql(
        `INSERT INTO entitlement (person_id, region_code, academic_year, rule_code, policy_set_id, kind, beneficiary, funding, status, source, facts, explanation)
         SELECT person_id, region_code, academic_year, rule_code, $1, kind, beneficiary, funding, 'CANCELLED', source, facts, explanation
           FROM entitlement WHERE id = $2`,
        [unknown, line!.id],
      ),
    ).rejects.toMatchObject(refused);
    await expect(sql(`UPDATE entitlement SET policy_set_id = $1 WHERE id = $2`, [unknown, line!.id])).rejects.toMatchObject(refused);
    await expect(sql(`DELETE FROM policy_set WHERE id = $1`, [line!.setId])).rejects.toMatchObject(refused);
    const [kept] = await sql(`SELECT policy_set_id AS "setId", (SELECT count(*)::int FROM policy_set WHERE id = $2) AS sets FROM entitlement WHERE id = $1`, [line!.id, line!.setId]);
    expect(kept).toEqual({ setId: line!.setId, sets: 1 });
  });

  it('keeps other regions out', async () => {
    const hubei = await graph.token({ role: 'PROVINCE', regionCode: '420000', scopes: ['subsidy:approve'] });
    const compute = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, hubei);
    expect(compute.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [one] = await sql(`SELECT id, person_id FROM entitlement LIMIT 1`);
    const approve = await graph.graphql(ApproveEntitlementsDocument, { ids: [one.id] }, hubei);
    expect(approve.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const read = await graph.graphql(`query($id: ID!) { entitlement(id: $id) { id } }`, { id: one.id }, hubei);
    expect(read.data).toEqual({ entitlement: null });
  });
});
