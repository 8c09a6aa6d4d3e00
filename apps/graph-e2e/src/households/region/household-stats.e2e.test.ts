import { makeIdNumber } from '@epg/domain';
import { ChangeHouseholdStatusDocument, ImportHouseholdsDocument, RegisterHouseholdDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';
import { householdStatsFromRollup, countHouseholds } from '@epg/households';

/**
 * The roll-ups behind `Region.householdStats` stay equal to the direct count of the facts after
 * every kind of write: registration, imports, each status change, a REMOVED household (its members
 * leave the count through the announce trigger), a village move, corrections and deletes in SQL.
 */
const COUNTY = '360323';
const VILLAGE = '360323103201';
const OTHER_VILLAGE = '360323103202';
const PREFIXES = ['36', '3603', COUNTY, VILLAGE.slice(0, 9), VILLAGE, OTHER_VILLAGE, '360323104'];
const YEARS = [2016, 2019, 2023];

let serial = 0;
function household(births: string[], village = VILLAGE) {
  serial += 1;
  return {
    registrationNumber: `R${village}${String(serial).padStart(4, '0')}`,
    villageCode: village,
    category: 'POVERTY_REGISTERED' as const,
    povertyCauses: ['EDUCATION' as const],
    annualIncomePerCapitaFen: 280000,
    identifiedOn: '2016-03-01',
    members: births.map((birth, i) => ({
      name: `成员${serial}-${i}`,
      idNumber: makeIdNumber(COUNTY, birth, 500 + serial * 10 + i * 2 + 1),
      relationToHead: i === 0 ? ('HEAD' as const) : ('CHILD' as const),
    })),
  };
}

describe('household roll-ups equal the direct count', () => {
  let graph: TestGraph;
  let county: string;
  const ds = () => graph.services.get('households')!.dataSource;
  const within = (prefix: string) => graph.dataWithin('households', prefix);

  async function expectRollupsTrue(step: string) {
    for (const prefix of PREFIXES) {
      for (const year of YEARS) {
        const direct = await countHouseholds(within(prefix), year);
        const rolled = await householdStatsFromRollup(within(prefix), year);
        expect({ step, prefix, year, ...rolled }).toEqual({ step, prefix, year, ...direct });
      }
    }
  }

  async function register(births: string[], village = VILLAGE): Promise<string> {
    const result = await graph.graphql(RegisterHouseholdDocument, { input: household(births, village) }, county);
    expect(result.errors).toBeUndefined();
    return result.data!.registerHousehold.id;
  }

  async function changeStatus(householdId: string, status: string, on: string) {
    const result = await graph.graphql(ChangeHouseholdStatusDocument, { householdId, status: status as 'EXITED', on, reason: '动态管理' }, county);
    expect(result.errors).toBeUndefined();
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY });
  });
  afterAll(() => graph?.stop());

  it('starts equal on the demo data (the backfill) and counts something', async () => {
    await expectRollupsTrue('backfill');
    expect((await householdStatsFromRollup(within(COUNTY), 2019)).registered).toBeGreaterThan(0);
  });

  it('stays equal through registrations, imports and the status lifecycle', async () => {
    // Children on both sides of the 1 September boundaries of school age.
    const a = await register(['1980-05-05', '2003-09-01', '2003-09-02', '2013-09-01', '2013-09-02']);
    const b = await register(['1975-01-01', '2008-02-29'], OTHER_VILLAGE);
    await expectRollupsTrue('registered');

    const integration = await graph.token({ role: 'INTEGRATION', regionCode: COUNTY, scopes: ['import:write'], subject: 'poverty-office' });
    const imported = await graph.graphql(
      ImportHouseholdsDocument,
      { idempotencyKey: 'rollup-batch', households: [household(['1990-03-03', '2010-10-10']), household(['1969-09-09'], OTHER_VILLAGE)] },
      integration,
    );
    expect(imported.data?.importHouseholds.accepted).toBe(2);
    await expectRollupsTrue('imported');

    await changeStatus(a, 'EXITED', '2019-12-01');
    await expectRollupsTrue('exited');
    await changeStatus(a, 'RELAPSED', '2021-05-01');
    await expectRollupsTrue('relapsed');
    await changeStatus(b, 'REMOVED', '2020-01-01');
    await expectRollupsTrue('removed');
  });

  it('stays equal through moves, corrections and deletes made in SQL', async () => {
    const moved = await register(['1985-06-06', '2012-06-06']);
    await ds().query(`UPDATE household SET village_code = $2 WHERE id = $1`, [moved, OTHER_VILLAGE]);
    await expectRollupsTrue('moved');
    await ds().query(`UPDATE person SET birth_date = birth_date + 400 WHERE household_id = $1`, [moved]);
    await expectRollupsTrue('birth dates corrected');
    await ds().query(`UPDATE person SET labour_skills = '{木工}' WHERE village_code LIKE '360323%'`);
    await expectRollupsTrue('unrelated update');
    await ds().query(`DELETE FROM person WHERE household_id = $1`, [moved]);
    await ds().query(`DELETE FROM household_status_change WHERE household_id = $1`, [moved]);
    await ds().query(`DELETE FROM household WHERE id = $1`, [moved]);
    await expectRollupsTrue('deleted');
  });

  it('answers householdStats from the roll-ups, for every level the caller may see', async () => {
    const query = `query($code: String!) { region(code: $code) { householdStats(academicYear: 2019) { registered removed people schoolAgeChildren } } }`;
    for (const code of [COUNTY, VILLAGE]) {
      const result = await graph.graphql<{ region: { householdStats: Record<string, number> } }>(query, { code }, county);
      const { registered, removed, people, schoolAgeChildren } = await countHouseholds(within(code), 2019);
      expect(result.data?.region.householdStats).toEqual({ registered, removed, people, schoolAgeChildren });
    }
  });
});
