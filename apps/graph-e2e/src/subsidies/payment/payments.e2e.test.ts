import { ApproveEntitlementsDocument, ComputeEntitlementsDocument, PublishSubsidyNoticeDocument, RecordPaymentDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

const YEAR = 2023;
type PaymentNode = {
  id: string; amountFen: number; paidOn: string; channel: string | null; reference: string; reversed: boolean;
  ruleCode: string; academicYear: number; personName: string | null; idNumberMasked: string | null; person: { id: string }; school: { id: string } | null;
};
type Payments = { subsidyPayments: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: PaymentNode }[] } };
const PAYMENTS = `query($region: String!, $school: ID, $year: Int, $channel: String, $first: Int!, $after: String) {
  subsidyPayments(regionCode: $region, schoolId: $school, academicYear: $year, channel: $channel, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id amountFen paidOn channel reference reversed ruleCode academicYear personName idNumberMasked person { id } school { id } } }
  }
}`;
const REVERSE = `mutation($id: ID!, $reason: String!) { reverseSubsidyPayment(paymentId: $id, reason: $reason) { id reversed reversal { reason reversedBy } amountFen } }`;
const LINE = `query($id: ID!) { entitlement(id: $id) { status paidFen payments { id reversed } } }`;

/**
 * The payment officer's tools: the payments list (region, school, year, channel; paged and
 * region-scoped, masked ID numbers only) and reversal with a reason (冲正, once, audited).
 */
describe('payments list and reversal', () => {
  let graph: TestGraph;
  let officer: string;
  let lines: { id: string; amountFen: number; personId: string; schoolId: string; ruleCode: string }[];
  const paid: { id: string; lineId: string; amountFen: number }[] = [];
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve', 'subsidy:pay'], subject: 'pay-officer' });
    expect((await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, officer)).errors).toBeUndefined();
    // Three cash lines of one school: paid in full by card, in part by card, in full in cash.
    const [{ school_id: schoolId }] = await sql(`SELECT school_id FROM entitlement WHERE academic_year = $1 AND amount_fen > 0 GROUP BY school_id ORDER BY count(*) DESC LIMIT 1`, [YEAR]);
    lines = await sql(
      `SELECT id, amount_fen AS "amountFen", person_id AS "personId", school_id AS "schoolId", rule_code AS "ruleCode" FROM entitlement
        WHERE academic_year = $1 AND school_id = $2 AND amount_fen > 0 ORDER BY id LIMIT 3`,
      [YEAR, schoolId],
    );
    expect((await graph.graphql(ApproveEntitlementsDocument, { ids: lines.map((l) => l.id) }, officer)).errors).toBeUndefined();
    expect((await graph.graphql(PublishSubsidyNoticeDocument, { schoolId, academicYear: YEAR }, officer)).errors).toBeUndefined();
    const plan = [
      { line: lines[0]!, amountFen: lines[0]!.amountFen, channel: '一卡通', paidOn: '2024-01-10', key: 'BANK-0001' },
      { line: lines[1]!, amountFen: 10_000, channel: '一卡通', paidOn: '2024-01-11', key: 'BANK-0002' },
      { line: lines[2]!, amountFen: lines[2]!.amountFen, channel: '现金', paidOn: '2024-01-12', key: 'CASH-0001' },
    ];
    for (const p of plan) {
      const res = await graph.graphql<{ recordPayment: { id: string } }>(
        RecordPaymentDocument,
        { input: { idempotencyKey: p.key, entitlementId: p.line.id, amountFen: p.amountFen, paidOn: p.paidOn, channel: p.channel } },
        officer,
      );
      expect(res.errors).toBeUndefined();
      paid.push({ id: res.data!.recordPayment.id, lineId: p.line.id, amountFen: p.amountFen });
    }
  });
  afterAll(() => graph?.stop());

  it('lists a region’s payments with the student (masked ID), rule, amount, channel, date and reference', async () => {
    const all = await graph.graphql<Payments>(PAYMENTS, { region: '360323', first: 50 }, officer);
    expect(all.errors).toBeUndefined();
    expect(all.data!.subsidyPayments.totalCount).toBe(3);
    const nodes = all.data!.subsidyPayments.edges.map((e) => e.node);
    expect(nodes.map((n) => n.reference)).toEqual(['BANK-0001', 'BANK-0002', 'CASH-0001']);
    expect(nodes[0]).toMatchObject({
      id: paid[0]!.id, amountFen: lines[0]!.amountFen, paidOn: '2024-01-10', channel: '一卡通', reversed: false,
      ruleCode: lines[0]!.ruleCode, academicYear: YEAR, person: { id: lines[0]!.personId }, school: { id: lines[0]!.schoolId },
    });
    expect(nodes[0]!.personName).toEqual(expect.any(String));
    // Masked: never the full 18-character number.
    expect(nodes.every((n) => n.idNumberMasked !== null && /\*/.test(n.idNumberMasked) && !/^\d{17}[\dX]$/.test(n.idNumberMasked))).toBe(true);
  });

  it('filters by channel, school and year, and pages', async () => {
    const card = await graph.graphql<Payments>(PAYMENTS, { region: '360323', channel: '一卡通', first: 50 }, officer);
    expect(card.data!.subsidyPayments.edges.map((e) => e.node.reference)).toEqual(['BANK-0001', 'BANK-0002']);
    const otherYear = await graph.graphql<Payments>(PAYMENTS, { region: '360323', year: 2022, first: 50 }, officer);
    expect(otherYear.data!.subsidyPayments.totalCount).toBe(0);
    const school = await graph.graphql<Payments>(PAYMENTS, { region: '360323', school: lines[0]!.schoolId, year: YEAR, first: 50 }, officer);
    expect(school.data!.subsidyPayments.totalCount).toBe(3);
    const first = await graph.graphql<Payments>(PAYMENTS, { region: '360323', first: 2 }, officer);
    expect(first.data!.subsidyPayments.pageInfo.hasNextPage).toBe(true);
    const rest = await graph.graphql<Payments>(PAYMENTS, { region: '360323', first: 2, after: first.data!.subsidyPayments.pageInfo.endCursor }, officer);
    expect(rest.data!.subsidyPayments.edges.map((e) => e.node.reference)).toEqual(['CASH-0001']);
    expect(rest.data!.subsidyPayments.pageInfo.hasNextPage).toBe(false);
    const badCursor = await graph.graphql<Payments>(PAYMENTS, { region: '360323', first: 2, after: 'nonsense' }, officer);
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the list inside the caller’s region', async () => {
    const neighbour = await graph.token({ role: 'COUNTY', regionCode: '360322' });
    const foreign = await graph.graphql<Payments>(PAYMENTS, { region: '360323', first: 50 }, neighbour);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await graph.graphql<Payments>(PAYMENTS, { region: '360322', first: 50 }, neighbour);
    expect(own.data!.subsidyPayments.totalCount).toBe(0);
  });

  it('reverses a payment with a reason: the line’s paid amount drops and a PAID line is payable again', async () => {
    const reversed = await graph.graphql<{ reverseSubsidyPayment: unknown }>(REVERSE, { id: paid[0]!.id, reason: '银行退回: 账户已注销' }, officer);
    expect(reversed.errors).toBeUndefined();
    expect(reversed.data!.reverseSubsidyPayment).toEqual({ id: paid[0]!.id, reversed: true, reversal: { reason: '银行退回: 账户已注销', reversedBy: 'pay-officer' }, amountFen: paid[0]!.amountFen });
    const line = await graph.graphql<{ entitlement: { status: string; paidFen: number; payments: { id: string; reversed: boolean }[] } }>(LINE, { id: paid[0]!.lineId }, officer);
    expect(line.data!.entitlement).toEqual({ status: 'PUBLICISED', paidFen: 0, payments: [{ id: paid[0]!.id, reversed: true }] });
    const listed = await graph.graphql<Payments>(PAYMENTS, { region: '360323', first: 1 }, officer);
    expect(listed.data!.subsidyPayments.edges[0]!.node).toMatchObject({ id: paid[0]!.id, reversed: true });
    const [audit] = await sql(`SELECT subject, data_region, after FROM audit_entry WHERE operation = 'reverseSubsidyPayment' AND entity_id = $1`, [paid[0]!.id]);
    expect(audit).toMatchObject({ subject: 'pay-officer', data_region: expect.stringMatching(/^360323/), after: { reversed: true, reason: '银行退回: 账户已注销', linePaidFen: 0, lineStatus: 'PUBLICISED' } });
    // Payable again: the money can be paid anew.
    const again = await graph.graphql(RecordPaymentDocument, { input: { idempotencyKey: 'BANK-0001-R', entitlementId: paid[0]!.lineId, amountFen: paid[0]!.amountFen, paidOn: '2024-02-01', channel: '一卡通' } }, officer);
    expect(again.errors).toBeUndefined();
  });

  it('refuses a second reversal, a reversal without pay rights or outside the region, and writes nothing', async () => {
    const before = await sql(`SELECT paid_fen, status FROM entitlement WHERE id = ANY($1::uuid[]) ORDER BY id`, [paid.map((p) => p.lineId)]);
    const twice = await graph.graphql(REVERSE, { id: paid[0]!.id, reason: 'again' }, officer);
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(twice.errors?.[0]?.message).toMatch(/already reversed/);
    const approver = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve'] });
    expect((await graph.graphql(REVERSE, { id: paid[1]!.id, reason: '错发' }, approver)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreign = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: ['subsidy:pay'] });
    expect((await graph.graphql(REVERSE, { id: paid[1]!.id, reason: '错发' }, foreign)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const noReason = await graph.graphql(REVERSE, { id: paid[1]!.id, reason: ' ' }, officer);
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await sql(`SELECT paid_fen, status FROM entitlement WHERE id = ANY($1::uuid[]) ORDER BY id`, [paid.map((p) => p.lineId)])).toEqual(before);
    expect(await sql(`SELECT count(*)::int AS n FROM payment WHERE reversed_at IS NOT NULL`)).toEqual([{ n: 1 }]);
  });

  it('reconciles a bank file: matched, mismatched amount, unmatched, and payments the bank has no row for', async () => {
    const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    const csv = [
      'reference,amount_yuan,date',
      'BANK-0002,100.00,2024-01-11',
      `CASH-0001,${yuan(paid[2]!.amountFen + 1)},2024-01-12`,
      `BANK-0001,${yuan(paid[0]!.amountFen)},2024-01-10`,
      'BANK-9999,5.00,2024-02-01',
    ].join('\n');
    type Row = { row: number; reference: string; amountFen: number; payment: { id: string } | null; reason: string | null };
    const RECONCILE = `query($region: String!, $csv: String!) { reconcileSubsidyPayments(regionCode: $region, csv: $csv) {
      from to matched { row reference amountFen payment { id } reason } mismatched { row reference amountFen payment { id } reason }
      unmatched { row reference amountFen payment { id } reason } paymentsWithoutBankRow { id reference } paymentsWithoutBankRowCount } }`;
    const result = await graph.graphql<{ reconcileSubsidyPayments: { from: string; to: string; matched: Row[]; mismatched: Row[]; unmatched: Row[]; paymentsWithoutBankRow: { id: string; reference: string }[]; paymentsWithoutBankRowCount: number } }>(
      RECONCILE, { region: '360323', csv }, officer,
    );
    expect(result.errors).toBeUndefined();
    const report = result.data!.reconcileSubsidyPayments;
    expect([report.from, report.to]).toEqual(['2024-01-10', '2024-02-01']);
    expect(report.matched).toEqual([{ row: 2, reference: 'BANK-0002', amountFen: 10_000, payment: { id: paid[1]!.id }, reason: null }]);
    expect(report.mismatched).toEqual([{ row: 3, reference: 'CASH-0001', amountFen: paid[2]!.amountFen + 1, payment: { id: paid[2]!.id }, reason: expect.stringMatching(/ledger records/) }]);
    expect(report.unmatched).toEqual([
      { row: 4, reference: 'BANK-0001', amountFen: paid[0]!.amountFen, payment: { id: paid[0]!.id }, reason: expect.stringMatching(/reversed/) },
      { row: 5, reference: 'BANK-9999', amountFen: 500, payment: null, reason: expect.stringMatching(/no payment/) },
    ]);
    // The re-payment after the reversal (2024-02-01) has no bank row.
    expect(report.paymentsWithoutBankRow.map((p) => p.reference)).toEqual(['BANK-0001-R']);
    expect(report.paymentsWithoutBankRowCount).toBe(1);

    const bad = await graph.graphql(RECONCILE, { region: '360323', csv: 'reference,amount_yuan,date\nBANK-0002,100.00,2024-01-11\nCASH-0001,1.234,2024-01-12' }, officer);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/row 3, column amount_yuan/);
    const neighbour = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: ['subsidy:pay'] });
    expect((await graph.graphql(RECONCILE, { region: '360323', csv }, neighbour)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await graph.graphql<{ reconcileSubsidyPayments: { matched: Row[]; unmatched: Row[] } }>(RECONCILE, { region: '360322', csv }, neighbour);
    expect(own.data!.reconcileSubsidyPayments.matched).toEqual([]);
    expect(own.data!.reconcileSubsidyPayments.unmatched.every((r) => r.payment === null)).toBe(true);
  });
});
