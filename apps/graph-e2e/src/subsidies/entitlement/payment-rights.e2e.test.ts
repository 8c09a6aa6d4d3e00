import { ApproveEntitlementsDocument, ComputeEntitlementsDocument, PublishSubsidyNoticeDocument, RecordPaymentDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

const YEAR = 2023;
const SUBMIT = `mutation($input: SubmitEntitlementInput!) { submitEntitlement(input: $input) { id source } }`;

/**
 * Issue 19 items 4 and 5, issue 18 items 3 and 11: paying is its own scope (subsidy:pay), apart
 * from approving; idempotency keys belong to the caller's region (no squatting, no replaying
 * another county's payment); duplicate answers name nothing outside the caller's scope.
 */
describe('payment rights and region-scoped keys', () => {
  let graph: TestGraph;
  let approver: string;
  let payer: string;
  /** A county officer of 上栗县 (360322), next to 芦溪县, who pays its own county's lines. */
  let neighbour: string;
  let neighbourLine: string;
  const lines: { id: string; amountFen: number; personId: string; schoolId: string }[] = [];
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);
  const pay = (token: string, idempotencyKey: string, line: { id: string; amountFen: number }, amountFen = line.amountFen) =>
    graph.graphql(RecordPaymentDocument, { input: { idempotencyKey, entitlementId: line.id, amountFen, paidOn: '2024-01-15', channel: '一卡通' } }, token);

  beforeAll(async () => {
    graph = await startTestGraph();
    approver = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve'], subject: 'approver' });
    payer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:pay'], subject: 'payer' });
    neighbour = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: ['subsidy:pay', 'subsidy:approve'], subject: 'neighbour' });
    const computed = await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, approver);
    expect(computed.errors).toBeUndefined();
    const [{ school_id: schoolId }] = await sql(`SELECT school_id FROM entitlement WHERE rule_code = 'A-BRD-JUN' AND academic_year = $1 ORDER BY id LIMIT 1`, [YEAR]);
    const ids: { id: string }[] = await sql(`SELECT id FROM entitlement WHERE school_id = $1 AND academic_year = $2 AND status = 'COMPUTED'`, [schoolId, YEAR]);
    expect((await graph.graphql(ApproveEntitlementsDocument, { ids: ids.map((r) => r.id) }, approver)).errors).toBeUndefined();
    expect((await graph.graphql(PublishSubsidyNoticeDocument, { schoolId, academicYear: YEAR }, approver)).errors).toBeUndefined();
    lines.push(
      ...(await sql(
        `SELECT id, amount_fen AS "amountFen", person_id AS "personId", school_id AS "schoolId" FROM entitlement
          WHERE school_id = $1 AND status = 'PUBLICISED' AND amount_fen > 0 ORDER BY id`,
        [schoolId],
      )),
    );
    expect(lines.length).toBeGreaterThan(5);
    // A publicised line of the neighbouring county (its own ledger, set up directly).
    const [own] = await sql(
      `INSERT INTO entitlement (person_id, school_id, region_code, academic_year, rule_code, kind, beneficiary, amount_fen, funding, status, source, facts, explanation)
       VALUES (gen_random_uuid(), gen_random_uuid(), '360322100', $1, 'NB-GRANT', 'CASH', 'STUDENT', 100000, '[{"source":"FINANCE","percent":100}]', 'PUBLICISED', 'ENGINE', '{}', 'set-up')
       RETURNING id`,
      [YEAR],
    );
    neighbourLine = own.id;
  });
  afterAll(() => graph?.stop());

  it('pays with subsidy:pay only: approving is not paying', async () => {
    const line = lines[0]!;
    const refused = await pay(approver, 'approver-pays', line);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('subsidy:pay');
    expect(await sql(`SELECT count(*)::int AS n FROM payment WHERE entitlement_id = $1`, [line.id])).toEqual([{ n: 0 }]);
    const paid = await pay(payer, 'payer-pays', line);
    expect(paid.errors).toBeUndefined();
    expect(paid.data?.recordPayment.entitlement).toEqual({ id: line.id, status: 'PAID' });
  });

  it('lets a department system pay with payment:write, and not with the officer scopes', async () => {
    const bank = await graph.token({ role: 'INTEGRATION', regionCode: '360323', scopes: ['payment:write'], subject: 'bank-feed' });
    const paid = await pay(bank, 'bank-1', lines[1]!);
    expect(paid.errors).toBeUndefined();
    const officerScopes = await graph.token({ role: 'INTEGRATION', regionCode: '360323', scopes: ['subsidy:pay', 'subsidy:approve'], subject: 'not-the-bank' });
    const refused = await pay(officerScopes, 'bank-2', lines[2]!);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("never answers a replayed key with another county's payment", async () => {
    const line = lines[3]!;
    const first = await pay(payer, 'batch-2024-01/0001', line);
    expect(first.errors).toBeUndefined();
    const firstId = first.data!.recordPayment.id;
    // The neighbour replays 芦溪县's request, key, line and amount: a new key for it, and a line it cannot see.
    const replay = await pay(neighbour, 'batch-2024-01/0001', line);
    expect(replay.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(replay)).not.toContain(firstId);
    // 芦溪县's own replay still answers its first payment.
    const own = await pay(payer, 'batch-2024-01/0001', line);
    expect(own.data?.recordPayment.id).toBe(firstId);
    expect(await sql(`SELECT count(*)::int AS n FROM payment WHERE entitlement_id = $1`, [line.id])).toEqual([{ n: 1 }]);
  });

  it("cannot be blocked by a key squatted in another county", async () => {
    const squat = await pay(neighbour, 'batch-2024-01/0002', { id: neighbourLine, amountFen: 100_000 });
    expect(squat.errors).toBeUndefined();
    const line = lines[4]!;
    const mine = await pay(payer, 'batch-2024-01/0002', line);
    expect(mine.errors).toBeUndefined();
    expect(mine.data?.recordPayment.id).not.toBe(squat.data!.recordPayment.id);
    expect(mine.data?.recordPayment.entitlement).toEqual({ id: line.id, status: 'PAID' });
    const keys = await sql(`SELECT key_region, entitlement_id FROM payment WHERE idempotency_key = 'batch-2024-01/0002' ORDER BY key_region`);
    expect(keys).toEqual([
      { key_region: '360322', entitlement_id: neighbourLine },
      { key_region: '360323', entitlement_id: line.id },
    ]);
  });

  it("refuses a duplicate benefit without naming another county's line", async () => {
    // The student is enrolled (again) in the neighbouring county: its department submits a benefit the student has in 芦溪县.
    const line = lines[5]!;
    const [existing] = await sql(`SELECT rule_code, region_code, source FROM entitlement WHERE id = $1`, [line.id]);
    await sql(
      `INSERT INTO enrolment_fact (enrolment_id, person_id, school_id, school_region_code, school_type, school_ownership, academic_year, stage, grade, boarding, special_education, agriculture_major, status, changed_at)
       VALUES (gen_random_uuid(), $1, gen_random_uuid(), '360322100', 'JUNIOR', 'PUBLIC', $2, 'JUNIOR', 2, true, false, false, 'ENROLLED', now())`,
      [line.personId, YEAR],
    );
    const duplicate = await graph.graphql(SUBMIT, { input: { personId: line.personId, ruleCode: existing.rule_code, academicYear: YEAR, department: '共青团上栗县委', amountFen: 50000 } }, neighbour);
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const answer = JSON.stringify(duplicate.errors);
    expect(answer).not.toContain(line.id);
    expect(answer).not.toContain(existing.region_code);
    expect(answer).not.toContain('360323');
    expect(answer).not.toContain(existing.source);
    expect(answer).not.toMatch(/PUBLICISED|PAID|APPROVED/);
    expect(duplicate.errors?.[0]?.message).toMatch(/outside your region/);
    // Inside the caller's scope the first line is still named (统一确定救助对象).
    const county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const own = await graph.graphql(SUBMIT, { input: { personId: line.personId, ruleCode: existing.rule_code, academicYear: YEAR, department: '共青团芦溪县委', amountFen: 50000 } }, county);
    expect(own.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(own.errors?.[0]?.message).toContain(line.id);
  });
});
