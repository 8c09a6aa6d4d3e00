import { DEMO_SCHOOLS, demoHouseholds } from '@epg/demo';
import { maskIdNumber } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

/** Finding a household or a person by number (issue 20: what officers need): region-scoped, audited by full ID. */
const BY_NUMBER = /* GraphQL */ `
  query ByNumber($number: String!) { householdByRegistrationNumber(registrationNumber: $number) { id registrationNumber } }
`;
const BY_ID_NUMBER = /* GraphQL */ `
  query ByIdNumber($idNumber: String!, $reason: String) { personByIdNumber(idNumber: $idNumber, reason: $reason) { id name household { id } } }
`;

describe('households: lookups by registration number and by ID number', () => {
  let graph: TestGraph;
  const sql = (text: string, params: unknown[] = []) => graph.services.get('households')!.dataSource.query(text, params);
  const live = demoHouseholds().find((h) => h.statusHistory.at(-1)!.status !== 'REMOVED')!;
  const member = live.members[0]!;

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.stop());

  it('finds a household by registration number inside the caller’s scope, and answers null outside it', async () => {
    const county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const found = await graph.graphql(BY_NUMBER, { number: live.registrationNumber }, county);
    expect(found.errors).toBeUndefined();
    expect(found.data).toEqual({ householdByRegistrationNumber: { id: live.id, registrationNumber: live.registrationNumber } });
    const otherTownship = live.villageCode.slice(0, 9) === '360323102' ? '360323103' : '360323102';
    for (const claims of [{ role: 'COUNTY' as const, regionCode: '360322' }, { role: 'TOWNSHIP' as const, regionCode: otherTownship }]) {
      const outside = await graph.graphql(BY_NUMBER, { number: live.registrationNumber }, await graph.token(claims));
      expect(outside.errors).toBeUndefined();
      // The same answer as for a number never registered: nothing tells where it is.
      expect(outside.data).toEqual({ householdByRegistrationNumber: null });
    }
    const none = await graph.graphql(BY_NUMBER, { number: 'NO-SUCH-NUMBER' }, county);
    expect(none.data).toEqual({ householdByRegistrationNumber: null });
  });

  it('finds a person by full ID number inside the scope, auditing each lookup with the number masked only', async () => {
    const county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const found = await graph.graphql(BY_ID_NUMBER, { idNumber: member.idNumber, reason: '核查学籍' }, county);
    expect(found.errors).toBeUndefined();
    expect(found.data).toEqual({ personByIdNumber: { id: member.id, name: member.name, household: { id: live.id } } });

    const outsider = await graph.token({ role: 'COUNTY', regionCode: '360322' });
    const outside = await graph.graphql(BY_ID_NUMBER, { idNumber: member.idNumber }, outsider);
    expect(outside.errors).toBeUndefined();
    expect(outside.data).toEqual({ personByIdNumber: null });

    const entries: { subject: string; data_region: string; entity_id: string | null; after: unknown }[] = await sql(
      `SELECT subject, data_region, entity_id, after FROM audit_entry WHERE operation = 'read:personByIdNumber' ORDER BY id`,
    );
    expect(entries).toEqual([
      { subject: 'test-county', data_region: live.villageCode, entity_id: member.id, after: { why: '核查学籍', idNumberMasked: maskIdNumber(member.idNumber), found: true } },
      { subject: expect.any(String), data_region: '360322', entity_id: null, after: { why: 'operation personByIdNumber', idNumberMasked: maskIdNumber(member.idNumber), found: false } },
    ]);
    const whole = JSON.stringify(await sql(`SELECT * FROM audit_entry`));
    expect(whole).not.toContain(member.idNumber);
  });

  it('refuses a malformed ID number without repeating it, and school staff', async () => {
    const county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    const wrong = `${member.idNumber.slice(0, 17)}${member.idNumber.endsWith('0') ? '1' : '0'}`;
    const bad = await graph.graphql(BY_ID_NUMBER, { idNumber: wrong }, county);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'idNumber' }] });
    expect(bad.errors?.[0]?.message).not.toContain(wrong);
    const school = DEMO_SCHOOLS.find((s) => s.regionCode.startsWith('360323'))!;
    const staff = await graph.token({ role: 'SCHOOL', regionCode: school.regionCode, schoolId: school.id });
    for (const [query, variables] of [[BY_ID_NUMBER, { idNumber: member.idNumber }], [BY_NUMBER, { number: live.registrationNumber }]] as const) {
      const refused = await graph.graphql(query, variables, staff);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
