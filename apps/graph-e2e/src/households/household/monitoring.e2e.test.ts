import { makeIdNumber } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

/** Monitoring against return to poverty (防返贫监测, issue 20): classes, risk flags, dated history, list per region. */
const COUNTY = '360323';
/** A demo village: no demo household is watched, so its list holds only this file's households. */
const VILLAGE = '360323104208';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id registrationNumber } }
`;
const EXIT = /* GraphQL */ `
  mutation Exit($id: ID!, $on: Date!) { changeHouseholdStatus(householdId: $id, status: EXITED, on: $on, reason: "达到脱贫标准") { id } }
`;
const CLASSIFY = /* GraphQL */ `
  mutation Classify($id: ID!, $category: MonitoringCategory!, $riskFlags: [RiskFlag!]!, $on: Date!, $reason: String!) {
    classifyHouseholdForMonitoring(householdId: $id, category: $category, riskFlags: $riskFlags, on: $on, reason: $reason) {
      id monitoring { category since riskFlags } monitoringHistory { category riskFlags on reason }
      consolidationPeriod { from until current }
    }
  }
`;
const DECLASSIFY = /* GraphQL */ `
  mutation Declassify($id: ID!, $on: Date!, $reason: String!) {
    declassifyHousehold(householdId: $id, on: $on, reason: $reason) { id monitoring { category } monitoringHistory { category riskFlags on reason } }
  }
`;
const LIST = /* GraphQL */ `
  query Monitored($regionCode: String!, $category: MonitoringCategory, $riskFlag: RiskFlag, $first: Int!, $after: String) {
    monitoredHouseholds(regionCode: $regionCode, category: $category, riskFlag: $riskFlag, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id registrationNumber monitoring { category riskFlags } } }
    }
  }
`;

type Connection = { monitoredHouseholds: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; registrationNumber: string } }[] } };

let serial = 0;
function household(category: string) {
  serial += 1;
  return {
    registrationNumber: `W${VILLAGE}${String(serial).padStart(4, '0')}`,
    villageCode: VILLAGE,
    category,
    povertyCauses: ['ILLNESS'],
    annualIncomePerCapitaFen: 450000,
    identifiedOn: '2017-03-01',
    members: [{ name: `监测户主${serial}`, idNumber: makeIdNumber(COUNTY, '1975-08-09', 300 + serial), relationToHead: 'HEAD' }],
  };
}

describe('households: monitoring against return to poverty (防返贫监测)', () => {
  let graph: TestGraph;
  let county: string;
  const changes = async () =>
    (await graph.services.get('households')!.dataSource.query(`SELECT count(*)::int AS n FROM household_monitoring_change`))[0].n as number;
  const register = async (category: string) =>
    (await graph.graphql<{ registerHousehold: { id: string; registrationNumber: string } }>(REGISTER, { input: household(category) }, county)).data!.registerHousehold;
  const issue = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => [
    r.errors?.[0]?.extensions?.code,
    (r.errors?.[0]?.extensions?.issues as { path: string }[] | undefined)?.[0]?.path,
  ];
  let exited: { id: string; registrationNumber: string };
  let edge: { id: string; registrationNumber: string };

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
    exited = await register('POVERTY_REGISTERED');
    expect((await graph.graphql(EXIT, { id: exited.id, on: '2023-12-01' }, county)).errors).toBeUndefined();
    edge = await register('LOW_INCOME_ONLY');
  });
  afterAll(() => graph?.stop());

  it('classes an exited household MONITORED with risk flags, dated, and shows its consolidation period', async () => {
    const result = await graph.graphql(CLASSIFY, { id: exited.id, category: 'MONITORED', riskFlags: ['ILLNESS', 'EDUCATION_COST'], on: '2024-03-01', reason: '家中有人重病' }, county);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      classifyHouseholdForMonitoring: {
        id: exited.id,
        monitoring: { category: 'MONITORED', since: '2024-03-01', riskFlags: ['ILLNESS', 'EDUCATION_COST'] },
        monitoringHistory: [{ category: 'MONITORED', riskFlags: ['ILLNESS', 'EDUCATION_COST'], on: '2024-03-01', reason: '家中有人重病' }],
        // Exited 2023: consolidating to the end of 2025 (exit year + 2), over by today (2026-12-06).
        consolidationPeriod: { from: '2023-12-01', until: '2025-12-31', current: false },
      },
    });
    const never = await graph.graphql(CLASSIFY, { id: edge.id, category: 'EDGE', riskFlags: ['UNEMPLOYMENT'], on: '2024-05-01', reason: '务工收入不稳' }, county);
    expect(never.errors).toBeUndefined();
    expect(never.data).toMatchObject({ classifyHouseholdForMonitoring: { monitoring: { category: 'EDGE' }, consolidationPeriod: null } });
  });

  it('refuses classes that do not fit, implausible dates and missing flags, writing nothing', async () => {
    const identified = await register('POVERTY_REGISTERED');
    const before = await changes();
    const call = (vars: Record<string, unknown>) =>
      graph.graphql(CLASSIFY, { id: exited.id, category: 'MONITORED', riskFlags: ['ILLNESS'], on: '2024-06-01', reason: '复查', ...vars }, county);
    expect(issue(await call({ id: identified.id }))).toEqual(['BAD_USER_INPUT', 'category']);
    expect(issue(await call({ category: 'EDGE' }))).toEqual(['BAD_USER_INPUT', 'category']);
    expect(issue(await call({ on: '2031-01-01' }))).toEqual(['BAD_USER_INPUT', 'on']);
    // Before its latest monitoring change (2024-03-01), and before its exit.
    expect(issue(await call({ on: '2024-02-01' }))).toEqual(['BAD_USER_INPUT', 'on']);
    expect(issue(await call({ riskFlags: [] }))).toEqual(['BAD_USER_INPUT', 'riskFlags']);
    expect(issue(await call({ riskFlags: ['ILLNESS', 'ILLNESS'] }))).toEqual(['BAD_USER_INPUT', 'riskFlags']);
    expect(issue(await graph.graphql(DECLASSIFY, { id: identified.id, on: '2024-06-01', reason: '无风险' }, county))).toEqual(['BAD_USER_INPUT', 'householdId']);
    expect(await changes()).toBe(before);
  });

  it('lists the watched households of a region in pages, by class and flag, inside the caller’s scope only', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: { data?: Connection | null; errors?: unknown } = await graph.graphql<Connection>(LIST, { regionCode: VILLAGE, first: 1, after }, county);
      expect(page.errors).toBeUndefined();
      expect(page.data!.monitoredHouseholds.totalCount).toBe(2);
      seen.push(...page.data!.monitoredHouseholds.edges.map((e) => e.node.registrationNumber));
      if (!page.data!.monitoredHouseholds.pageInfo.hasNextPage) break;
      after = page.data!.monitoredHouseholds.pageInfo.endCursor;
    }
    expect(seen).toEqual([exited.registrationNumber, edge.registrationNumber].sort());
    const edges = await graph.graphql<Connection>(LIST, { regionCode: COUNTY, category: 'EDGE', first: 50 }, county);
    expect(edges.data!.monitoredHouseholds.edges.map((e) => e.node.id)).toEqual([edge.id]);
    const ill = await graph.graphql<Connection>(LIST, { regionCode: COUNTY, riskFlag: 'EDUCATION_COST', first: 50 }, county);
    expect(ill.data!.monitoredHouseholds.edges.map((e) => e.node.id)).toEqual([exited.id]);
    const outsider = await graph.token({ role: 'COUNTY', regionCode: '360322' });
    const outside = await graph.graphql(LIST, { regionCode: COUNTY, first: 5 }, outsider);
    expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('declassifies a household (风险消除), dated, keeping the history', async () => {
    const result = await graph.graphql(DECLASSIFY, { id: edge.id, on: '2025-06-30', reason: '稳定就业, 风险消除' }, county);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      declassifyHousehold: {
        id: edge.id,
        monitoring: null,
        monitoringHistory: [
          { category: 'EDGE', riskFlags: ['UNEMPLOYMENT'], on: '2024-05-01', reason: '务工收入不稳' },
          { category: null, riskFlags: [], on: '2025-06-30', reason: '稳定就业, 风险消除' },
        ],
      },
    });
    const list = await graph.graphql<Connection>(LIST, { regionCode: VILLAGE, first: 50 }, county);
    expect(list.data!.monitoredHouseholds.edges.map((e) => e.node.id)).toEqual([exited.id]);
  });
});
