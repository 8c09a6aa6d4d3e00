import { ApproveEntitlementsDocument, ComputeEntitlementsDocument, PublishSubsidyNoticeDocument, RecordPaymentDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

const YEAR = 2023;
const CANCEL = `mutation($id: ID!, $reason: String!) { cancelEntitlement(id: $id, reason: $reason) { id status paidFen cancelReason } }`;
const DELIVER = `mutation($id: ID!, $on: Date!, $note: String) { recordInKindDelivery(entitlementId: $id, deliveredOn: $on, note: $note) { id status deliveredOn deliveryNote } }`;
const RECOVERIES = `{ subsidyRecoveries(regionCode: "360323", academicYear: ${YEAR}, first: 100) { edges { node { paidFen reason entitlement { id } } } } }`;

/**
 * The officer cancels an entitlement by hand with a reason (the paid part goes to the recovery
 * list; a recomputation does not bring it back) and records the delivery of benefits in kind
 * (实物发放; a cash line refuses it).
 */
describe('hand cancellation and in-kind delivery', () => {
  let graph: TestGraph;
  let officer: string;
  let paidLine: { id: string; amountFen: number };
  let unpaidLine: { id: string; personId: string; ruleCode: string };
  let inKind: { id: string };
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve', 'subsidy:pay'], subject: 'aid-officer' });
    expect((await graph.graphql(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, officer)).errors).toBeUndefined();
    // A school with in-kind lines (零收费 uniforms) and cash lines.
    [inKind] = await sql(`SELECT id, school_id AS "schoolId" FROM entitlement WHERE academic_year = $1 AND kind = 'IN_KIND' ORDER BY id LIMIT 1`, [YEAR]);
    const { schoolId } = inKind as unknown as { schoolId: string };
    [paidLine] = await sql(`SELECT id, amount_fen AS "amountFen" FROM entitlement WHERE academic_year = $1 AND school_id = $2 AND kind = 'CASH' ORDER BY id LIMIT 1`, [YEAR, schoolId]);
    [unpaidLine] = await sql(
      `SELECT id, person_id AS "personId", rule_code AS "ruleCode" FROM entitlement WHERE academic_year = $1 AND kind = 'CASH' AND id <> $2 ORDER BY id DESC LIMIT 1`,
      [YEAR, paidLine.id],
    );
    expect((await graph.graphql(ApproveEntitlementsDocument, { ids: [inKind.id, paidLine.id] }, officer)).errors).toBeUndefined();
    expect((await graph.graphql(PublishSubsidyNoticeDocument, { schoolId, academicYear: YEAR }, officer)).errors).toBeUndefined();
    const paid = await graph.graphql(RecordPaymentDocument, { input: { idempotencyKey: 'half', entitlementId: paidLine.id, amountFen: 10_000, paidOn: '2024-01-15' } }, officer);
    expect(paid.errors).toBeUndefined();
  });
  afterAll(() => graph?.stop());

  it('cancels a partly paid line by hand: the paid part goes to the recovery list and nothing more is paid', async () => {
    const cancelled = await graph.graphql<{ cancelEntitlement: { status: string; paidFen: number; cancelReason: string } }>(CANCEL, { id: paidLine.id, reason: '重复申报' }, officer);
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data!.cancelEntitlement).toMatchObject({ status: 'CANCELLED', paidFen: 10_000, cancelReason: expect.stringMatching(/cancelled by hand: 重复申报.*recovered/) });
    const recoveries = await graph.graphql<{ subsidyRecoveries: { edges: { node: { paidFen: number; reason: string; entitlement: { id: string } } }[] } }>(RECOVERIES, {}, officer);
    expect(recoveries.data!.subsidyRecoveries.edges.map((e) => e.node)).toContainEqual({ paidFen: 10_000, reason: expect.stringMatching(/重复申报/), entitlement: { id: paidLine.id } });
    const more = await graph.graphql(RecordPaymentDocument, { input: { idempotencyKey: 'rest', entitlementId: paidLine.id, amountFen: 1_000, paidOn: '2024-01-16' } }, officer);
    expect(more.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const [audit] = await sql(`SELECT subject, after FROM audit_entry WHERE operation = 'cancelEntitlement' AND entity_id = $1`, [paidLine.id]);
    expect(audit).toMatchObject({ subject: 'aid-officer', after: { status: 'CANCELLED', reason: '重复申报' } });
  });

  it('refuses a second cancellation, one without approval rights or outside the region, and writes nothing', async () => {
    expect((await graph.graphql(CANCEL, { id: paidLine.id, reason: '再次' }, officer)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const payer = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:pay'] });
    expect((await graph.graphql(CANCEL, { id: unpaidLine.id, reason: '错误' }, payer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreign = await graph.token({ role: 'COUNTY', regionCode: '360322', scopes: ['subsidy:approve'] });
    expect((await graph.graphql(CANCEL, { id: unpaidLine.id, reason: '错误' }, foreign)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await graph.graphql(CANCEL, { id: unpaidLine.id, reason: '' }, officer)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await sql(`SELECT status FROM entitlement WHERE id = $1`, [unpaidLine.id])).toEqual([{ status: 'COMPUTED' }]);
  });

  it('keeps a line cancelled by hand cancelled when the region is recomputed', async () => {
    expect((await graph.graphql(CANCEL, { id: unpaidLine.id, reason: '家长放弃' }, officer)).errors).toBeUndefined();
    const recomputed = await graph.graphql<{ computeEntitlements: { created: number } }>(ComputeEntitlementsDocument, { regionCode: '360323', academicYear: YEAR }, officer);
    expect(recomputed.errors).toBeUndefined();
    expect(recomputed.data!.computeEntitlements.created).toBe(0);
    expect(await sql(`SELECT status FROM entitlement WHERE person_id = $1 AND rule_code = $2 AND academic_year = $3`, [unpaidLine.personId, unpaidLine.ruleCode, YEAR])).toEqual([{ status: 'CANCELLED' }]);
  });

  it('records the delivery of a benefit in kind once; a cash line and a future day are refused', async () => {
    const cash = await graph.graphql(DELIVER, { id: paidLine.id, on: '2024-03-01' }, officer);
    expect(cash.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'entitlementId', message: expect.stringMatching(/CASH line/) }] });
    const future = await graph.graphql(DELIVER, { id: inKind.id, on: '2099-01-01' }, officer);
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const delivered = await graph.graphql<{ recordInKindDelivery: unknown }>(DELIVER, { id: inKind.id, on: '2024-03-01', note: '校服两套, 家长签收' }, officer);
    expect(delivered.errors).toBeUndefined();
    expect(delivered.data!.recordInKindDelivery).toEqual({ id: inKind.id, status: 'PAID', deliveredOn: '2024-03-01', deliveryNote: '校服两套, 家长签收' });
    const again = await graph.graphql(DELIVER, { id: inKind.id, on: '2024-03-02' }, officer);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toMatch(/already delivered on 2024-03-01/);
    const approver = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve'] });
    expect((await graph.graphql(DELIVER, { id: inKind.id, on: '2024-03-01' }, approver)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
