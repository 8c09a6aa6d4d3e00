import { DEMO_VILLAGES, demoHouseholds, demoVillageFacts } from '@epg/demo';
import { canonicalPrefix, isCompulsorySchoolAge, maskIdNumber, parseRegionCode } from '@epg/domain';
import { HouseholdRosterDocument, PersonIdentityDocument, RegionDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';
import { isPovertyVillage } from '@epg/households';

/** Demo households of a region, as the generator made them (the hand-computed expectation). */
function demoInside(code: string) {
  return demoHouseholds().filter((h) => h.villageCode.startsWith(canonicalPrefix(parseRegionCode(code))));
}
const statusOf = (h: ReturnType<typeof demoHouseholds>[number]) => h.statusHistory[h.statusHistory.length - 1]!.status;

describe('households service: reads through the gateway', () => {
  let graph: TestGraph;
  let county: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
  });
  afterAll(() => graph?.stop());

  it('answers the Region operation: parent, children and the poor-village flag', async () => {
    const result = await graph.graphql(RegionDocument, { code: '360323' }, county);
    expect(result.errors).toBeUndefined();
    expect(result.data?.region).toMatchObject({
      code: '360323',
      name: '芦溪县',
      level: 'COUNTY',
      povertyVillage: null,
      parent: { code: '360300', name: '萍乡市', level: 'CITY' },
    });
    expect(result.data?.region?.children.map((c) => c.name)).toEqual(['芦溪镇', '宣风镇', '上埠镇', '南坑镇', '银河镇', '新泉乡', '源南乡', '长丰乡', '张佳坊乡']);

    const facts = demoVillageFacts();
    const poorIn2016 = DEMO_VILLAGES.find((v) => facts.some((f) => f.villageCode === v.code && f.year === 2016 && isPovertyVillage(f)))!;
    const latest = facts.filter((f) => f.villageCode === poorIn2016.code).at(-1)!;
    const village = await graph.graphql(
      `query($code: String!) { region(code: $code) { level povertyVillage y2016: povertyVillage(year: 2016) povertyFacts { year } } }`,
      { code: poorIn2016.code },
      county,
    );
    expect(village.data).toEqual({
      region: { level: 'VILLAGE', povertyVillage: isPovertyVillage(latest), y2016: true, povertyFacts: [2016, 2017, 2018, 2019, 2020].map((year) => ({ year })) },
    });
  });

  it('counts households and school-age children of a region as the demo data has them', async () => {
    const households = demoInside('360323101');
    const live = households.filter((h) => statusOf(h) !== 'REMOVED');
    const result = await graph.graphql(
      `query { region(code: "360323101") { householdStats(academicYear: 2023) { registered identified exited relapsed removed people schoolAgeChildren academicYear } } }`,
      {},
      county,
    );
    expect(result.data).toEqual({
      region: {
        householdStats: {
          registered: live.length,
          identified: households.filter((h) => statusOf(h) === 'IDENTIFIED').length,
          exited: households.filter((h) => statusOf(h) === 'EXITED').length,
          relapsed: households.filter((h) => statusOf(h) === 'RELAPSED').length,
          removed: households.length - live.length,
          people: live.reduce((n, h) => n + h.members.length, 0),
          schoolAgeChildren: live.flatMap((h) => h.members).filter((m) => isCompulsorySchoolAge(m.birthDate, 2023)).length,
          academicYear: 2023,
        },
      },
    });
  });

  it('pages the roster of a township by registration number, with masked members', async () => {
    const expected = demoInside('360323102').sort((a, b) => a.registrationNumber.localeCompare(b.registrationNumber));
    const first = await graph.graphql(HouseholdRosterDocument, { filter: { regionCode: '360323102' }, first: 10 }, county);
    expect(first.errors).toBeUndefined();
    const page = first.data!.households;
    expect(page.totalCount).toBe(expected.length);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges.map((e) => e.node.registrationNumber)).toEqual(expected.slice(0, 10).map((h) => h.registrationNumber));
    const head = expected[0]!.members[0]!;
    expect(page.edges[0]!.node.members[0]).toEqual({
      id: head.id,
      name: head.name,
      gender: head.gender,
      birthDate: null, // no pii:read: the birth date would complete the masked ID number
      idNumberMasked: maskIdNumber(head.idNumber),
      relationToHead: 'HEAD',
      hasDisability: head.hasDisability,
    });
    const second = await graph.graphql(
      HouseholdRosterDocument,
      { filter: { regionCode: '360323102' }, first: 10, after: page.pageInfo.endCursor },
      county,
    );
    expect(second.data!.households.edges.map((e) => e.node.registrationNumber)).toEqual(
      expected.slice(10, 20).map((h) => h.registrationNumber),
    );
  });

  it('walks every page of a county and of a province in registration order (both query plans)', async () => {
    const province = await graph.token({ role: 'PROVINCE', regionCode: '360000' });
    for (const regionCode of ['360323', '360000']) {
      const expected = demoInside(regionCode).map((h) => h.registrationNumber).sort();
      const pageAfter = async (after: string | null) => {
        const result = await graph.graphql(HouseholdRosterDocument, { filter: { regionCode }, first: 300, after }, province);
        expect(result.errors).toBeUndefined();
        expect(result.data!.households.totalCount).toBe(expected.length);
        return result.data!.households;
      };
      let page = await pageAfter(null);
      const seen = page.edges.map((e) => e.node.registrationNumber);
      while (page.pageInfo.hasNextPage) {
        page = await pageAfter(page.pageInfo.endCursor ?? null);
        seen.push(...page.edges.map((e) => e.node.registrationNumber));
      }
      expect(seen).toEqual(expected);
    }
  });

  it('filters by status and category', async () => {
    const expected = demoInside('360323').filter((h) => statusOf(h) === 'RELAPSED' && h.category === 'POVERTY_REGISTERED');
    const result = await graph.graphql(
      HouseholdRosterDocument,
      { filter: { regionCode: '360323', status: 'RELAPSED', category: 'POVERTY_REGISTERED' }, first: 500 },
      county,
    );
    expect(result.data!.households.totalCount).toBe(expected.length);
    expect(result.data!.households.edges.every((e) => e.node.status === 'RELAPSED' && e.node.category === 'POVERTY_REGISTERED')).toBe(true);
  });

  it('costs the same number of SQL statements for a page of 10 and of 100 households', async () => {
    const sql = graph.services.get('households')!.sql;
    const counts: number[] = [];
    for (const first of [10, 100]) {
      sql.reset();
      const result = await graph.graphql(HouseholdRosterDocument, { filter: { regionCode: '360323' }, first }, county);
      expect(result.data!.households.edges).toHaveLength(first);
      counts.push(sql.total);
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(5);
  });

  it('shows a full ID number only with pii:read, and audits every full read', async () => {
    const person = demoHouseholds()[3]!.members[0]!;
    const withoutScope = await graph.graphql(PersonIdentityDocument, { id: person.id }, county);
    expect(withoutScope.data?.person).toMatchObject({ idNumber: null, idNumberMasked: maskIdNumber(person.idNumber) });
    expect(withoutScope.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const reader = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['pii:read'], subject: 'officer-7' });
    const audit = graph.services.get('households')!.dataSource;
    const before = await audit.query(`SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'read:idNumber' AND entity_id = $1`, [person.id]);
    const withScope = await graph.graphql(PersonIdentityDocument, { id: person.id }, reader);
    expect(withScope.errors).toBeUndefined();
    expect(withScope.data?.person).toEqual({
      id: person.id,
      name: person.name,
      idNumber: person.idNumber,
      idNumberMasked: maskIdNumber(person.idNumber),
      birthDate: person.birthDate,
      gender: person.gender,
    });
    const after = await audit.query(
      `SELECT count(*)::int AS n, max(subject) AS subject FROM audit_entry WHERE operation = 'read:idNumber' AND entity_id = $1`,
      [person.id],
    );
    expect(after[0].n).toBe(before[0].n + 1);
    expect(after[0].subject).toBe('officer-7');
  });

  it('never shows another region its households, even by id', async () => {
    const hubei = await graph.token({ role: 'PROVINCE', regionCode: '420000' });
    const household = demoHouseholds()[0]!;
    const byId = await graph.graphql(`query($id: ID!) { household(id: $id) { id } person(id: $id) { id } }`, { id: household.id }, hubei);
    expect(byId.data).toEqual({ household: null, person: null });
    const roster = await graph.graphql(HouseholdRosterDocument, { filter: { regionCode: '360323' }, first: 5 }, hubei);
    expect(roster.data ?? null).toBeNull();
    expect(roster.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const neighbour = await graph.token({ role: 'TOWNSHIP', regionCode: '360323102' });
    const stats = await graph.graphql(`query { region(code: "360323") { name householdStats { registered } } }`, {}, neighbour);
    expect(stats.data).toEqual({ region: { name: '芦溪县', householdStats: null } });
  });
});
