import { demoHouseholds } from '@epg/demo';
import { makeIdNumber } from '@epg/domain';
import { ChangeHouseholdStatusDocument, ImportHouseholdsDocument, RegisterHouseholdDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

const VILLAGE = '360323103201';
let serial = 0;
/** A fresh, valid registration (unique registration and ID numbers per call). */
function newHousehold(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    registrationNumber: `T${VILLAGE}${String(serial).padStart(4, '0')}`,
    villageCode: VILLAGE,
    category: 'POVERTY_REGISTERED' as const,
    povertyCauses: ['ILLNESS' as const],
    annualIncomePerCapitaFen: 310000,
    identifiedOn: '2016-03-01',
    members: [
      { name: `户主${serial}`, idNumber: makeIdNumber('360323', '1979-01-15', 100 + serial * 2 + 1), relationToHead: 'HEAD' as const },
      { name: `子女${serial}`, idNumber: makeIdNumber('360323', '2013-02-20', 100 + serial * 2), relationToHead: 'CHILD' as const, hasDisability: true },
    ],
    ...overrides,
  };
}

describe('households service: writes through the gateway', () => {
  let graph: TestGraph;
  let county: string;
  const count = async (table: string) =>
    (await graph.services.get('households')!.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  it('registers a household with members derived from their ID numbers, and audits it', async () => {
    const input = newHousehold();
    const result = await graph.graphql(RegisterHouseholdDocument, { input }, county);
    expect(result.errors).toBeUndefined();
    expect(result.data?.registerHousehold).toMatchObject({
      registrationNumber: input.registrationNumber,
      status: 'IDENTIFIED',
      category: 'POVERTY_REGISTERED',
      // Gender comes from the ID number; the birth date too, but a clerk without pii:read sees none of it.
      members: [
        { name: input.members[0]!.name, birthDate: null, gender: 'MALE', relationToHead: 'HEAD', hasDisability: false },
        { name: input.members[1]!.name, birthDate: null, gender: 'FEMALE', relationToHead: 'CHILD', hasDisability: true },
      ],
    });
    const audit = await graph.services
      .get('households')!
      .dataSource.query(`SELECT subject FROM audit_entry WHERE operation = 'registerHousehold' AND entity_id = $1`, [
        result.data!.registerHousehold.id,
      ]);
    expect(audit).toEqual([{ subject: 'test-county' }]);
  });

  it('refuses a person who already belongs to a live household, naming that household', async () => {
    const existing = demoHouseholds().find((h) => h.statusHistory.at(-1)!.status === 'EXITED')!;
    const before = await count('household');
    const input = newHousehold({
      members: [{ name: existing.members[0]!.name, idNumber: existing.members[0]!.idNumber, relationToHead: 'HEAD' }],
    });
    const result = await graph.graphql(RegisterHouseholdDocument, { input }, county);
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(result.errors?.[0]?.message).toContain(existing.registrationNumber);
    expect(await count('household')).toBe(before);
  });

  it('lets a person of a REMOVED household be registered again', async () => {
    const removed = demoHouseholds().find((h) => h.statusHistory.at(-1)!.status === 'REMOVED')!;
    const input = newHousehold({ members: [{ name: removed.members[0]!.name, idNumber: removed.members[0]!.idNumber, relationToHead: 'HEAD' }] });
    const result = await graph.graphql(RegisterHouseholdDocument, { input }, county);
    expect(result.errors).toBeUndefined();
  });

  it('refuses bad input with the path of each bad field, writing nothing', async () => {
    const before = await count('person');
    const good = newHousehold();
    const input = { ...good, members: [{ ...good.members[0]!, idNumber: `${good.members[0]!.idNumber.slice(0, 17)}Y` }] };
    const result = await graph.graphql(RegisterHouseholdDocument, { input }, county);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: 'input.members.0.idNumber', message: expect.any(String) }],
    });
    expect(await count('person')).toBe(before);
  });

  it('refuses a village outside the caller scope, and writes from read-only roles', async () => {
    const township = await graph.token({ role: 'TOWNSHIP', regionCode: '360323101' });
    const outside = await graph.graphql(RegisterHouseholdDocument, { input: newHousehold() }, township);
    expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const auditor = await graph.token({ role: 'AUDITOR', regionCode: '360323' });
    const readOnly = await graph.graphql(RegisterHouseholdDocument, { input: newHousehold() }, auditor);
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('moves a household through its lifecycle with dated history, refusing illegal and backdated changes', async () => {
    const registered = await graph.graphql(RegisterHouseholdDocument, { input: newHousehold() }, county);
    const householdId = registered.data!.registerHousehold.id;
    const exited = await graph.graphql(ChangeHouseholdStatusDocument, { householdId, status: 'EXITED', on: '2019-12-01', reason: '达到脱贫标准' }, county);
    expect(exited.errors).toBeUndefined();
    expect(exited.data?.changeHouseholdStatus).toEqual({
      id: householdId,
      status: 'EXITED',
      statusHistory: [
        { status: 'IDENTIFIED', on: '2016-03-01', reason: '建档立卡' },
        { status: 'EXITED', on: '2019-12-01', reason: '达到脱贫标准' },
      ],
    });
    const illegal = await graph.graphql(ChangeHouseholdStatusDocument, { householdId, status: 'IDENTIFIED', on: '2020-01-01', reason: 'x' }, county);
    expect(illegal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(illegal.errors?.[0]?.message).toMatch(/cannot become IDENTIFIED/);
    const backdated = await graph.graphql(ChangeHouseholdStatusDocument, { householdId, status: 'RELAPSED', on: '2019-11-30', reason: '因病返贫' }, county);
    expect(backdated.errors?.[0]?.message).toMatch(/before the last change/);
    const relapsed = await graph.graphql(ChangeHouseholdStatusDocument, { householdId, status: 'RELAPSED', on: '2021-05-01', reason: '因病返贫' }, county);
    expect(relapsed.data?.changeHouseholdStatus.status).toBe('RELAPSED');
  });

  it('imports a batch: rejected records write nothing, and a replay returns the first result', async () => {
    const integration = await graph.token({ role: 'INTEGRATION', regionCode: '360323', scopes: ['import:write'], subject: 'poverty-office' });
    const bad = newHousehold();
    const households = [
      newHousehold(),
      { ...bad, members: [{ ...bad.members[0]!, idNumber: '360323790115123' }] },
      newHousehold({ villageCode: '420102001001' }),
      newHousehold(),
    ];
    const householdsBefore = await count('household');
    const first = await graph.graphql(ImportHouseholdsDocument, { idempotencyKey: 'batch-001', households }, integration);
    expect(first.errors).toBeUndefined();
    expect(first.data?.importHouseholds).toEqual({
      accepted: 2,
      replayed: false,
      rejected: [
        { index: 1, field: 'members.0.idNumber', message: expect.stringContaining('15-digit') },
        { index: 2, field: 'villageCode', message: expect.stringContaining('outside your region scope') },
      ],
    });
    expect(await count('household')).toBe(householdsBefore + 2);

    const replay = await graph.graphql(ImportHouseholdsDocument, { idempotencyKey: 'batch-001', households }, integration);
    expect(replay.data?.importHouseholds).toEqual({ ...first.data!.importHouseholds, replayed: true });
    expect(await count('household')).toBe(householdsBefore + 2);
  });

  it('gives concurrent imports under one key exactly one effect', async () => {
    const integration = await graph.token({ role: 'INTEGRATION', regionCode: '360323', scopes: ['import:write'], subject: 'poverty-office' });
    const households = [newHousehold(), newHousehold()];
    const before = await count('household');
    const results = await Promise.all(
      [1, 2, 3].map(() => graph.graphql(ImportHouseholdsDocument, { idempotencyKey: 'batch-concurrent', households }, integration)),
    );
    expect(results.map((r) => r.data?.importHouseholds.accepted)).toEqual([2, 2, 2]);
    expect(results.filter((r) => r.data?.importHouseholds.replayed === false)).toHaveLength(1);
    expect(await count('household')).toBe(before + 2);
  });

  it('refuses imports from integrations without import:write', async () => {
    const integration = await graph.token({ role: 'INTEGRATION', regionCode: '360323', scopes: [] });
    const result = await graph.graphql(ImportHouseholdsDocument, { idempotencyKey: 'batch-x', households: [newHousehold()] }, integration);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps the help ledger, the helper, labour facts and the monitoring class of a household', async () => {
    const registered = await graph.graphql(RegisterHouseholdDocument, { input: newHousehold() }, county);
    const household = registered.data!.registerHousehold;
    const helper = await graph.graphql(
      `mutation($id: ID!) { assignHelper(householdId: $id, helper: { name: "王干部", unit: "芦溪县教育局", phone: "0799-7512345" }) { helper { name unit phone } } }`,
      { id: household.id },
      county,
    );
    expect(helper.data).toEqual({ assignHelper: { helper: { name: '王干部', unit: '芦溪县教育局', phone: '0799-7512345' } } });
    const measure = await graph.graphql(
      `mutation($id: ID!) { addHelpMeasure(input: { householdId: $id, measure: "雨露计划培训", goal: "一人稳定就业", startedOn: "2017-03-01" }) { id } }`,
      { id: household.id },
      county,
    );
    const measureId = (measure.data as { addHelpMeasure: { id: string } }).addHelpMeasure.id;
    const early = await graph.graphql(`mutation($m: ID!) { recordHelpProgress(measureId: $m, on: "2017-02-01", note: "x") { id } }`, { m: measureId }, county);
    expect(early.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await graph.graphql(`mutation($m: ID!) { recordHelpProgress(measureId: $m, on: "2017-09-01", note: "已参加培训") { id } }`, { m: measureId }, county);
    const head = household.members[0]!.id;
    const labour = await graph.graphql(
      `mutation($p: ID!) { recordLabourFacts(personId: $p, facts: { capacity: "FULL", skills: ["电焊"], employed: true, employer: "萍乡某厂" }) { labour { capacity skills employed employer } } }`,
      { p: head },
      county,
    );
    expect(labour.data).toEqual({ recordLabourFacts: { labour: { capacity: 'FULL', skills: ['电焊'], employed: true, employer: '萍乡某厂' } } });
    const exited = await graph.graphql(
      `mutation($id: ID!) { changeHouseholdStatus(householdId: $id, status: EXITED, on: "2019-12-01", reason: "脱贫", monitoringClass: POLICY_GUARANTEED, riskFlags: ["大病风险"]) { monitoringClass riskFlags } }`,
      { id: household.id },
      county,
    );
    expect(exited.data).toEqual({ changeHouseholdStatus: { monitoringClass: 'POLICY_GUARANTEED', riskFlags: ['大病风险'] } });
    const ledger = await graph.graphql(
      `query($id: ID!) { household(id: $id) { helpMeasures { measure goal startedOn progress { on note } } } }`,
      { id: household.id },
      county,
    );
    expect(ledger.data).toEqual({
      household: { helpMeasures: [{ measure: '雨露计划培训', goal: '一人稳定就业', startedOn: '2017-03-01', progress: [{ on: '2017-09-01', note: '已参加培训' }] }] },
    });
    const audited = await graph.services
      .get('households')!
      .dataSource.query(`SELECT operation FROM audit_entry WHERE entity_id IN ($1, $2, $3) ORDER BY id`, [household.id, measureId, head]);
    expect(audited.map((a: { operation: string }) => a.operation)).toEqual([
      'registerHousehold',
      'assignHelper',
      'addHelpMeasure',
      'recordHelpProgress',
      'recordLabourFacts',
      'changeHouseholdStatus',
    ]);
  });

  it('refuses more than 5,000 households in one import', async () => {
    const integration = await graph.token({ role: 'INTEGRATION', regionCode: '360323', scopes: ['import:write'] });
    const record = newHousehold();
    const result = await graph.graphql(
      ImportHouseholdsDocument,
      { idempotencyKey: 'too-big', households: Array.from({ length: 5001 }, () => record) },
      integration,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('at most 5000');
  });

  it('feeds every change to other services in order, including status changes of the household', async () => {
    const feed = `query($after: String) { personChanges(first: 500, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { personId householdStatus removed birthDate } } } }`;
    const service = await graph.token({ role: 'SERVICE', regionCode: '360323103' });
    const seen = new Map<string, { householdStatus: string; removed: boolean }>();
    let after: string | null = null;
    const drain = async () => {
      for (;;) {
        const page: { data?: { personChanges: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { personId: string; householdStatus: string; removed: boolean } }[] } } | null } =
          await graph.graphql(feed, { after }, service);
        for (const { node } of page.data!.personChanges.edges) seen.set(node.personId, node);
        after = page.data!.personChanges.pageInfo.endCursor ?? after;
        if (!page.data!.personChanges.pageInfo.hasNextPage) return;
      }
    };
    await drain();
    const township = demoHouseholds().filter((h) => h.villageCode.startsWith('360323103'));
    for (const h of township) expect(seen.has(h.members[0]!.id)).toBe(true);

    const registered = await graph.graphql(RegisterHouseholdDocument, { input: newHousehold() }, county);
    const household = registered.data!.registerHousehold;
    await graph.graphql(ChangeHouseholdStatusDocument, { householdId: household.id, status: 'REMOVED', on: '2017-01-01', reason: '识别不准' }, county);
    seen.clear();
    await drain();
    expect([...seen.keys()].sort()).toEqual(household.members.map((m) => m.id).sort());
    expect([...seen.values()].every((c) => c.householdStatus === 'REMOVED' && c.removed)).toBe(true);
  });
  it('serves the same feed in bulk pages to service credentials only, with interchangeable cursors', async () => {
    type Node = Record<string, unknown>;
    const service = await graph.token({ role: 'SERVICE', regionCode: '360323103' });
    const fields = 'personId householdId villageCode name idNumberMasked gender birthDate hasDisability relationToHead householdStatus householdCategory householdExitedOn removed changedAt householdStatusHistory';
    const selection = fields.replace('householdStatusHistory', 'householdStatusHistory { status on }');
    const connection = async (first: number, after: string | null) => {
      const page = await graph.graphql(`query($first: Int!, $after: String) { personChanges(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${selection} } } } }`, { first, after }, service);
      expect(page.errors).toBeUndefined();
      return (page.data as { personChanges: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Node }[] } }).personChanges;
    };
    const bulk = async (first: number, after: string | null, token = service) =>
      graph.graphql(`query($first: Int!, $after: String) { personChangeRows(first: $first, after: $after) { pageInfo { hasNextPage endCursor } columns rows } }`, { first, after }, token);
    const rowsOf = (page: Awaited<ReturnType<typeof bulk>>) => {
      expect(page.errors).toBeUndefined();
      const p = (page.data as { personChangeRows: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; columns: string[]; rows: string } }).personChangeRows;
      const nodes = (JSON.parse(p.rows) as unknown[][]).map((tuple) => Object.fromEntries(p.columns.map((c, i) => [c, tuple[i]])));
      return { ...p, nodes };
    };
    const all: { edges: { node: Node }[] } = { edges: [] };
    for (let cursor: string | null = null; ; ) {
      const page = await connection(500, cursor);
      all.edges.push(...page.edges);
      cursor = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(all.edges.length).toBeGreaterThan(20);
    // Page by page in bulk (pages of 97) gives the same changes in the same order as the connection.
    const fromBulk: Node[] = [];
    let after: string | null = null;
    for (;;) {
      const page = rowsOf(await bulk(97, after));
      expect(page.columns).toEqual(fields.split(' '));
      fromBulk.push(...page.nodes);
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(fromBulk).toEqual(all.edges.map((e) => e.node));
    // A bulk cursor continues the connection where the bulk page stopped, and the other way round.
    const firstBulk = rowsOf(await bulk(10, null));
    const rest = await connection(20, firstBulk.pageInfo.endCursor);
    expect(rest.edges.map((e) => e.node)).toEqual(all.edges.slice(10, 30).map((e) => e.node));
    const firstConnection = await connection(10, null);
    expect(rowsOf(await bulk(5, firstConnection.pageInfo.endCursor)).nodes).toEqual(all.edges.slice(10, 15).map((e) => e.node));
    // Nobody but a service credential gets bulk pages, and a bulk page has a ceiling.
    const refused = await bulk(10, null, county);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tooLarge = await bulk(10_001, null);
    expect(tooLarge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
