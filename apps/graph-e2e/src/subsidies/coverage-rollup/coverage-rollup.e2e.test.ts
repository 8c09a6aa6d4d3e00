import { demoHouseholds } from '@epg/demo';
import { parseRegionCode, parseRegionPrefix } from '@epg/domain';
import { ApproveEntitlementsDocument, ChangeHouseholdStatusDocument, ComputeEntitlementsDocument, PublishSubsidyNoticeDocument, RecordPaymentDocument } from '@epg/graph-client';
import { RegionScope } from '@epg/persistence';
import { startTestGraph, type TestGraph } from '../../support';
import type { DataSource } from 'typeorm';
import { seedPolicySets, readSubsidyStats, refreshCoverageRollup, subsidyStatsFromLedger } from '@epg/subsidies';

const YEAR = 2023;
const COUNTY = '360323';
/** The roll-up readers take the region as a scope. */
const within = (prefix: string) => RegionScope.within(parseRegionPrefix(prefix));

/**
 * The coverage roll-up answers what the ledger query answers, for every region from the province
 * down to a single code, after each kind of write: compute, approve, publish, pay, cancel (a
 * removed household), a policy amendment, a department's submission and a student whose lines
 * span two codes.
 */
describe('coverage roll-up', () => {
  let graph: TestGraph;
  let officer: string;
  let db: DataSource;
  const sql = (query: string, params: unknown[] = []) => db.query(query, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: COUNTY, scopes: ['subsidy:approve', 'subsidy:pay', 'policy:admin', 'pii:read'] });
    db = graph.services.get('subsidies')!.dataSource;
  });
  afterAll(() => graph?.stop());

  /** Every region prefix the data reaches: province, city, county, and each code with its township. */
  async function prefixes(): Promise<string[]> {
    const codes: { region_code: string }[] = await sql(
      `SELECT region_code FROM eligible_line WHERE academic_year = $1 UNION SELECT region_code FROM entitlement WHERE academic_year = $1`,
      [YEAR],
    );
    const all = new Set(['36', '3603', COUNTY, '360324']);
    for (const { region_code: code } of codes) {
      all.add(code);
      all.add(code.slice(0, 9));
    }
    return [...all].sort();
  }

  async function expectRollupToMatchLedger(): Promise<void> {
    const checked = await prefixes();
    expect(checked.length).toBeGreaterThan(5);
    for (const prefix of checked) {
      const [rolled, direct] = await Promise.all([readSubsidyStats(db, within(prefix), YEAR), subsidyStatsFromLedger(db, within(prefix), YEAR)]);
      const figures = (s: typeof rolled) => ({ prefix, eligible: s.eligibleStudents, covered: s.coveredStudents, entitled: s.entitledFen, paid: s.paidFen });
      expect(figures(rolled)).toEqual(figures(direct));
    }
  }

  const compute = async () => {
    const result = await graph.graphql(ComputeEntitlementsDocument, { regionCode: COUNTY, academicYear: YEAR }, officer);
    expect(result.errors).toBeUndefined();
    return result.data!.computeEntitlements;
  };

  it('matches the ledger after a computation, and a recomputation of unchanged facts writes nothing but its time', async () => {
    const first = await compute();
    expect(first.created).toBeGreaterThan(100);
    await expectRollupToMatchLedger();
    const county = await readSubsidyStats(db, within(COUNTY), YEAR);
    expect(county.eligibleStudents).toBeGreaterThan(100);
    expect(county.coveredStudents).toBe(0);

    const ledger = `SELECT (SELECT count(*)::int FROM entitlement) AS entitlements, (SELECT max(xmin::text::bigint) FROM entitlement) AS "entitlementXmin",
                           (SELECT max(xmin::text::bigint) FROM eligible_line) AS "lineXmin"`;
    const [before] = await sql(ledger);
    const startedAt = new Date();
    const again = await compute();
    expect(again).toMatchObject({ created: 0, cancelled: 0, unchanged: first.created });
    expect(await sql(ledger)).toEqual([before]);
    const stamped = await readSubsidyStats(db, within(COUNTY), YEAR);
    expect(stamped.computedAt!.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
    expect({ ...stamped, computedAt: null }).toEqual({ ...county, computedAt: null });
  });

  it('matches the ledger after approvals, a notice and payments', async () => {
    const [school] = await sql(`SELECT school_id FROM entitlement WHERE rule_code = 'A-BRD-JUN' AND status = 'COMPUTED' ORDER BY school_id LIMIT 1`);
    const ids: { id: string }[] = await sql(`SELECT id FROM entitlement WHERE school_id = $1 AND academic_year = $2 AND status = 'COMPUTED'`, [school.school_id, YEAR]);
    const approved = await graph.graphql(ApproveEntitlementsDocument, { ids: ids.map((r) => r.id) }, officer);
    expect(approved.errors).toBeUndefined();
    await expectRollupToMatchLedger();
    expect((await readSubsidyStats(db, within(COUNTY), YEAR)).coveredStudents).toBeGreaterThan(0);

    const notice = await graph.graphql(PublishSubsidyNoticeDocument, { schoolId: school.school_id, academicYear: YEAR }, officer);
    expect(notice.errors).toBeUndefined();
    const [line] = await sql(`SELECT id, amount_fen FROM entitlement WHERE school_id = $1 AND status = 'PUBLICISED' AND amount_fen > 0 ORDER BY id LIMIT 1`, [school.school_id]);
    const pay = (key: string, amountFen: number) =>
      graph.graphql(RecordPaymentDocument, { input: { idempotencyKey: key, entitlementId: line.id, amountFen, paidOn: '2024-01-15' } }, officer);
    expect((await pay('rollup-1', 1000)).errors).toBeUndefined();
    await expectRollupToMatchLedger();
    expect((await pay('rollup-2', line.amount_fen - 1000)).errors).toBeUndefined();
    await expectRollupToMatchLedger();
    expect((await readSubsidyStats(db, within(COUNTY), YEAR)).paidFen).toBe(line.amount_fen);
  });

  it('matches the ledger after cancellations, an amendment and a department submission', async () => {
    // A household removed (清退): its unpaid entitlements are cancelled at recomputation.
    const [computed] = await sql(`SELECT person_id FROM entitlement WHERE status = 'COMPUTED' AND academic_year = $1 ORDER BY person_id LIMIT 1`, [YEAR]);
    const household = demoHouseholds().find((h) => h.members.some((m) => m.id === computed.person_id))!;
    const removed = await graph.graphql(ChangeHouseholdStatusDocument, { householdId: household.id, status: 'REMOVED', on: '2024-06-01', reason: '识别不准' }, officer);
    expect(removed.errors).toBeUndefined();
    expect((await compute()).cancelled).toBeGreaterThan(0);
    await expectRollupToMatchLedger();

    // An amendment raising the primary boarding grant: unapproved lines are cancelled and recreated.
    const setA = seedPolicySets().find((s) => s.code === 'A')!;
    const rules = setA.rules.map((r) => (r.code === 'A-BRD-PRI' ? { ...r, amountFen: 120000 } : r));
    const amended = await graph.graphql(
      `mutation($code: String!, $input: PolicySetInput!) { amendPolicySet(code: $code, input: $input) { version } }`,
      { code: 'A', input: { ...setA, rules: JSON.stringify(rules) } },
      officer,
    );
    expect(amended.errors).toBeUndefined();
    const recomputed = await compute();
    expect(recomputed.created).toBeGreaterThan(0);
    expect(recomputed.cancelled).toBe(recomputed.created);
    await expectRollupToMatchLedger();

    // A department's own benefit adds money, not eligibility.
    // (A rule of the governing set at its amount — the special-education add-on — for an eligible pupil without it.)
    const [student] = await sql(
      `SELECT l.person_id FROM eligible_line l JOIN enrolment_fact f ON f.person_id = l.person_id AND f.academic_year = l.academic_year
        WHERE l.academic_year = $1 AND f.stage IN ('PRIMARY', 'JUNIOR') AND f.status = 'ENROLLED'
          AND NOT EXISTS (SELECT 1 FROM entitlement e WHERE e.person_id = l.person_id AND e.academic_year = $1 AND e.rule_code = 'A-SPED' AND e.status <> 'CANCELLED')
        ORDER BY l.person_id DESC LIMIT 1`,
      [YEAR],
    );
    const submitted = await graph.graphql(
      `mutation($input: SubmitEntitlementInput!) { submitEntitlement(input: $input) { id } }`,
      { input: { personId: student.person_id, ruleCode: 'A-SPED', academicYear: YEAR, department: '共青团芦溪县委', amountFen: 20000 } },
      officer,
    );
    expect(submitted.errors).toBeUndefined();
    await expectRollupToMatchLedger();
  });

  it('counts a student whose lines span two region codes once per region', async () => {
    // A primary boarder who (in the projection) also holds a junior boarding place at a school
    // filed under another code: the two boarding grants come from two enrolments in two codes.
    const [boarder] = await sql(
      `SELECT e.person_id, e.school_region_code FROM enrolment_fact e JOIN eligible_line l ON l.person_id = e.person_id AND l.academic_year = e.academic_year
        WHERE e.academic_year = $1 AND l.rule_code = 'A-BRD-PRI' ORDER BY e.person_id LIMIT 1`,
      [YEAR],
    );
    const [other] = await sql(
      `SELECT school_id, school_region_code FROM enrolment_fact WHERE academic_year = $1 AND school_region_code <> $2 AND left(school_region_code, 9) <> left($2, 9) LIMIT 1`,
      [YEAR, boarder.school_region_code],
    );
    await sql(
      `INSERT INTO enrolment_fact (enrolment_id, person_id, school_id, school_region_code, school_type, school_ownership, academic_year, stage, grade,
                                   boarding, special_education, agriculture_major, status, changed_at)
       VALUES ('ffffffff-ffff-4fff-8fff-ffffffffffff', $1, $2, $3, 'JUNIOR', 'PUBLIC', $4, 'JUNIOR', 1, true, false, false, 'ENROLLED', now())`,
      [boarder.person_id, other.school_id, other.school_region_code, YEAR],
    );
    await compute();
    const codes: { region_code: string }[] = await sql(`SELECT DISTINCT region_code FROM eligible_line WHERE person_id = $1 AND academic_year = $2`, [boarder.person_id, YEAR]);
    expect(codes.length).toBe(2);
    expect(await sql(`SELECT count(*)::int AS n FROM coverage_split WHERE person_id = $1`, [boarder.person_id])).toEqual([{ n: 2 }]);
    await expectRollupToMatchLedger();

    // Approving the line in one code changes the student's coverage in both regions' figures.
    const ids: { id: string }[] = await sql(`SELECT id FROM entitlement WHERE person_id = $1 AND academic_year = $2 AND status = 'COMPUTED'`, [boarder.person_id, YEAR]);
    expect((await graph.graphql(ApproveEntitlementsDocument, { ids: ids.map((r) => r.id) }, officer)).errors).toBeUndefined();
    await expectRollupToMatchLedger();

    // Back to one code: the student leaves the split list and is counted in that code again.
    await sql(`DELETE FROM enrolment_fact WHERE enrolment_id = 'ffffffff-ffff-4fff-8fff-ffffffffffff'`);
    await compute();
    expect(await sql(`SELECT count(*)::int AS n FROM coverage_split WHERE person_id = $1`, [boarder.person_id])).toEqual([{ n: 0 }]);
    await expectRollupToMatchLedger();
  });

  it('agrees when a refresh of many codes recomputes the whole year, and when nothing at all is named', async () => {
    const before = await sql(`SELECT * FROM coverage_rollup ORDER BY academic_year, region_code`);
    await sql(`UPDATE coverage_rollup SET eligible_students = eligible_students + 7, paid_fen = paid_fen + 1 WHERE academic_year = $1`, [YEAR]);
    const many = Array.from({ length: 80 }, (_, i) => parseRegionCode(`360323${String(900 + i)}`));
    await db.transaction((manager) => refreshCoverageRollup(manager, many, YEAR));
    expect(await sql(`SELECT * FROM coverage_rollup ORDER BY academic_year, region_code`)).toEqual(before);
    await expectRollupToMatchLedger();
    await db.transaction((manager) => refreshCoverageRollup(manager, [], YEAR));
    expect(await sql(`SELECT * FROM coverage_rollup ORDER BY academic_year, region_code`)).toEqual(before);
  });

  it('answers Region.subsidyStats from the roll-up', async () => {
    const answer = await graph.graphql(`query { region(code: "${COUNTY}") { subsidyStats(academicYear: ${YEAR}) { eligibleStudents coveredStudents entitledFen paidFen } } }`, {}, officer);
    expect(answer.errors).toBeUndefined();
    const direct = await subsidyStatsFromLedger(db, within(COUNTY), YEAR);
    expect((answer.data as { region: { subsidyStats: unknown } }).region.subsidyStats).toEqual({
      eligibleStudents: direct.eligibleStudents,
      coveredStudents: direct.coveredStudents,
      entitledFen: direct.entitledFen,
      paidFen: direct.paidFen,
    });
  });
});
