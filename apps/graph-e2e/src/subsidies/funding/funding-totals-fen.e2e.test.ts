import { DEMO_SCHOOLS } from '@epg/demo';
import { parseRegionCode } from '@epg/domain';
import { refreshCoverageRollup } from '@epg/subsidies';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Money totals pass 2^31 fen (21.5 million yuan) at county and province scale: the funding
 * totals, a school's totals and a region's figures are `Fen` (a JSON integer up to 2^53 − 1),
 * summed in bigint and exact to the fen — never an int4 overflow, never a float.
 */
describe('money totals past 2^31 fen', () => {
  let graph: TestGraph;
  let county: string;
  const sql = (query: string, params: unknown[] = []) => graph.services.get('subsidies')!.dataSource.query(query, params);
  const YEAR = 2031;
  const school = DEMO_SCHOOLS.find((s) => s.type === 'PRIMARY' && s.regionCode.startsWith('360323'))!;
  // 9,000 lines of 2,500 yuan split 60/40, and one line of 3 yuan 33 fen split 60/40: 2,250,000,333 fen.
  const LINES = 9000;
  const entitled = LINES * 250_000 + 333;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const funding = JSON.stringify([{ source: 'PROVINCE', percent: 60 }, { source: 'COUNTY', percent: 40 }]);
    await sql(
      `INSERT INTO entitlement (person_id, school_id, region_code, academic_year, rule_code, kind, beneficiary, amount_fen, paid_fen, funding, status, source, facts, explanation)
       SELECT gen_random_uuid(), $1, $2, $3, 'BIG-GRANT', 'CASH', 'STUDENT', CASE WHEN i = 0 THEN 333 ELSE 250000 END,
              CASE WHEN i = 0 THEN 333 ELSE 250000 END, $4::jsonb, 'PAID', 'ENGINE', '{}'::jsonb, 'set-up'
         FROM generate_series(0, $5) AS i`,
      [school.id, school.regionCode, YEAR, funding, LINES],
    );
  });
  afterAll(() => graph?.stop());

  it('answers the funding totals of a region past 2^31 fen to the fen', async () => {
    const result = await graph.graphql(`query { subsidyFundingTotals(regionCode: "360323", academicYear: ${YEAR}) { source entitledFen paidFen } }`, {}, county);
    expect(result.errors).toBeUndefined();
    expect(entitled).toBeGreaterThan(2 ** 31);
    // Each share rounds to the fen: 60% of 333 is 199.8 → 200; 40% is 133.2 → 133.
    const province = LINES * 150_000 + 200;
    const countyShare = LINES * 100_000 + 133;
    expect(result.data).toEqual({
      subsidyFundingTotals: [
        { source: 'COUNTY', entitledFen: countyShare, paidFen: countyShare },
        { source: 'PROVINCE', entitledFen: province, paidFen: province },
      ],
    });
  });

  it('answers a school total past 2^31 fen to the fen', async () => {
    const result = await graph.graphql(`query($id: ID!) { school(id: $id) { subsidyTotals(academicYear: ${YEAR}) { students entitledFen paidFen } } }`, { id: school.id }, county);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ school: { subsidyTotals: { students: LINES + 1, entitledFen: entitled, paidFen: entitled } } });
  });

  it("answers a region's figures past 2^31 fen to the fen", async () => {
    // The roll-up is kept by the writes of the ledger; rows set up by SQL are rolled up here.
    await graph.services.get('subsidies')!.dataSource.transaction((manager) => refreshCoverageRollup(manager, [parseRegionCode(school.regionCode)], YEAR));
    const result = await graph.graphql(`query { region(code: "360323") { subsidyStats(academicYear: ${YEAR}) { entitledFen paidFen } } }`, {}, county);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ region: { subsidyStats: { entitledFen: entitled, paidFen: entitled } } });
  });

  it('types every money total of the subsidies graph as Fen', async () => {
    const types = await graph.graphql(
      `query { totals: __type(name: "SubsidyTotals") { fields { name type { name ofType { name } } } }
               stats: __type(name: "SubsidyStats") { fields { name type { name ofType { name } } } }
               funding: __type(name: "FundingTotal") { fields { name type { name ofType { name } } } } }`,
      {},
      county,
    );
    expect(types.errors).toBeUndefined();
    const money = Object.values(types.data as Record<string, { fields: { name: string; type: { name: string | null; ofType: { name: string } | null } }[] }>)
      .flatMap((t) => t.fields)
      .filter((f) => f.name.endsWith('Fen'))
      .map((f) => `${f.name}: ${f.type.name ?? f.type.ofType?.name}`);
    expect(money).toEqual(['entitledFen: Fen', 'paidFen: Fen', 'entitledFen: Fen', 'paidFen: Fen', 'entitledFen: Fen', 'paidFen: Fen']);
  });
});
