import { makeIdNumber, maskIdNumber } from '@epg/domain';
import { ImportHouseholdsDocument, RegisterHouseholdDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Officers of every level register and import households in the villages of their own subtree,
 * and are refused (FORBIDDEN) elsewhere. A PROVINCE or CITY scope is a canonical prefix ("36",
 * "3603"), not a region code: it once reached `isInside` as a code and every registration by a
 * province or city officer failed with INTERNAL_SERVER_ERROR ("not a region code: 36").
 */
const VILLAGE = '360323103201'; // a demo village of 南坑镇, 芦溪县 (萍乡市, 江西省)
const OWN_TOWNSHIP = '360323103';
const OTHER_TOWNSHIP = '360323101';

let serial = 0;
/** A fresh, valid registration in VILLAGE (unique registration and ID numbers per call). */
function newHousehold() {
  serial += 1;
  return {
    registrationNumber: `L${VILLAGE}${String(serial).padStart(4, '0')}`,
    villageCode: VILLAGE,
    category: 'POVERTY_REGISTERED' as const,
    povertyCauses: ['LACK_OF_SKILLS' as const],
    annualIncomePerCapitaFen: 290000,
    identifiedOn: '2016-04-01',
    members: [
      { name: `户主L${serial}`, idNumber: makeIdNumber('360323', '1977-07-07', 700 + serial * 2 + 1), relationToHead: 'HEAD' as const },
      { name: `子女L${serial}`, idNumber: makeIdNumber('360323', '2011-11-11', 700 + serial * 2), relationToHead: 'CHILD' as const },
    ],
  };
}

describe('households service: registration and import at every region level', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.stop());

  const officer = (role: 'PROVINCE' | 'CITY' | 'TOWNSHIP', regionCode: string) =>
    graph.token({ role, regionCode, subject: `officer-${regionCode}` });

  async function register(token: string) {
    const input = newHousehold();
    const result = await graph.graphql(RegisterHouseholdDocument, { input }, token);
    return { input, result };
  }

  async function importOne(token: string, key: string) {
    return graph.graphql(ImportHouseholdsDocument, { idempotencyKey: key, households: [newHousehold()] }, token);
  }

  it.each([
    ['PROVINCE', '360000'],
    ['CITY', '360300'],
    ['TOWNSHIP', OWN_TOWNSHIP],
  ] as const)('lets a %s officer of %s register a household in a village inside the scope', async (role, regionCode) => {
    const { input, result } = await register(await officer(role, regionCode));
    expect(result.errors).toBeUndefined();
    expect(result.data?.registerHousehold).toMatchObject({ registrationNumber: input.registrationNumber, status: 'IDENTIFIED' });
    // Audited with the officer's region scope, and without a full ID number (nor the birth date that completes a masked one).
    const [entry] = await graph.services
      .get('households')!
      .dataSource.query(`SELECT subject, region_scope, after FROM audit_entry WHERE operation = 'registerHousehold' AND entity_id = $1`, [
        result.data!.registerHousehold.id,
      ]);
    expect(entry).toMatchObject({ subject: `officer-${regionCode}`, region_scope: regionCode });
    const audited = JSON.stringify(entry.after);
    for (const member of input.members) {
      expect(audited).not.toContain(member.idNumber);
      expect(audited).toContain(maskIdNumber(member.idNumber));
    }
    expect(audited).not.toContain('1977-07-07');
  });

  it.each([
    ['PROVINCE', '360000'],
    ['CITY', '360300'],
    ['TOWNSHIP', OWN_TOWNSHIP],
  ] as const)('lets a %s officer of %s import a batch into a village inside the scope', async (role, regionCode) => {
    const result = await importOne(await officer(role, regionCode), `levels-${regionCode}`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.importHouseholds).toEqual({ accepted: 1, replayed: false, rejected: [] });
  });

  it.each([
    ['PROVINCE', '420000'],
    ['CITY', '360400'],
    ['TOWNSHIP', OTHER_TOWNSHIP],
  ] as const)('refuses a %s officer of %s a village outside the scope (FORBIDDEN), writing nothing', async (role, regionCode) => {
    const token = await officer(role, regionCode);
    const households = graph.services.get('households')!.dataSource;
    const count = async () => (await households.query(`SELECT count(*)::int AS n FROM household`))[0].n as number;
    const before = await count();

    const { result } = await register(token);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toContain('outside your region scope');

    const imported = await importOne(token, `levels-outside-${regionCode}`);
    expect(imported.errors).toBeUndefined();
    expect(imported.data?.importHouseholds).toEqual({
      accepted: 0,
      replayed: false,
      rejected: [{ index: 0, field: 'villageCode', message: expect.stringContaining('outside your region scope') }],
    });
    expect(await count()).toBe(before);
  });
});
