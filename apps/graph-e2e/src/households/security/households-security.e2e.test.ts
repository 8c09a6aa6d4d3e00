import { demoHouseholds } from '@epg/demo';
import { computeCheckDigit, isRealDate, makeIdNumber, maskIdNumber } from '@epg/domain';
import { ImportHouseholdsDocument } from '@epg/graph-client';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 18 attacks on the households service, through the gateway: completing masked ID numbers
 * (item 1), the cross-region ID-number oracle of duplicate checks (item 3), and idempotency keys
 * shared across regions or batches (item 11, issue 20 item 5).
 */
const HUBEI_COUNTY = '420102';
const HUBEI_TOWNSHIP = '420102001';
const HUBEI_VILLAGE = '420102001201';
const LUXI_VILLAGE = '360323103201';

const live = demoHouseholds().filter((h) => h.statusHistory.at(-1)!.status !== 'REMOVED');

/**
 * Every ID number consistent with what a caller sees of a person: the masked number (first 4 and
 * last 4 characters), the birth year, and — the attacker's best guess — the county of the
 * household's village for the hidden county digits (any county digits when they do not fit).
 * Each candidate is a real date of the birth year whose check character matches the visible one.
 */
function consistentIdNumbers(seen: { idNumberMasked: string; birthYear: number; villageCode: string }): string[] {
  const { idNumberMasked: masked, birthYear, villageCode } = seen;
  const head = masked.slice(0, 4);
  const sequence = masked.slice(14, 17);
  const check = masked.slice(17);
  const regions = villageCode.startsWith(head) ? [villageCode.slice(0, 6)] : Array.from({ length: 100 }, (_, i) => head + String(i).padStart(2, '0'));
  const found: string[] = [];
  for (const region of regions) {
    for (let month = 1; month <= 12; month++) {
      for (let day = 1; day <= 31; day++) {
        if (!isRealDate(birthYear, month, day)) continue;
        const first17 = `${region}${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${sequence}`;
        if (computeCheckDigit(first17) === check) found.push(first17 + check);
      }
    }
  }
  return found;
}

let serial = 0;
function household(villageCode: string, members: { name: string; idNumber: string }[], registrationNumber?: string) {
  serial += 1;
  return {
    registrationNumber: registrationNumber ?? `S${villageCode}${String(serial).padStart(4, '0')}`,
    villageCode,
    category: 'POVERTY_REGISTERED' as const,
    povertyCauses: ['ILLNESS' as const],
    annualIncomePerCapitaFen: 310000,
    identifiedOn: '2016-03-01',
    members: members.map((m, i) => ({ ...m, relationToHead: i === 0 ? ('HEAD' as const) : ('CHILD' as const) })),
  };
}
const freshMember = (region: string) => ({ name: `新成员${serial}`, idNumber: makeIdNumber(region, '1980-05-05', 500 + (serial % 400)) });

const IMPORT = /* GraphQL */ `
  mutation Import($key: String!, $households: [RegisterHouseholdInput!]!) {
    importHouseholds(idempotencyKey: $key, households: $households) {
      accepted replayed rejected { index field message } created { index id registrationNumber }
    }
  }
`;
type ImportResult = {
  accepted: number;
  replayed: boolean;
  rejected: { index: number; field: string; message: string }[];
  created: { index: number; id: string; registrationNumber: string }[];
};

describe('households security (issue 18)', () => {
  let graph: TestGraph;
  let county: string;
  const sql = (text: string, params: unknown[] = []) => graph.services.get('households')!.dataSource.query(text, params);

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    // A Hubei village, so a Hubei county's registrations are valid apart from the people in them.
    await sql(`INSERT INTO region (code, name, level, parent_code) VALUES ($1, '测试镇', 'TOWNSHIP', $2), ($3, '测试村', 'VILLAGE', $1)`, [
      HUBEI_TOWNSHIP,
      HUBEI_COUNTY,
      HUBEI_VILLAGE,
    ]);
  });
  afterAll(() => graph?.stop());

  describe('item 1: a masked ID number cannot be completed without pii:read', () => {
    const target = live.find((h) => h.members.length >= 3)!;
    const person = target.members[0]!;
    const PERSON = `query($id: ID!) {
      person(id: $id) { id idNumberMasked birthDate birthYear gender
        household { registrationNumber village { code } members { id idNumberMasked birthDate birthYear gender } } } }`;

    it('a COUNTY clerk sees the 4+4 mask and the birth year, never the birth date, and more than one ID number fits', async () => {
      const read = await graph.succeed<{
        person: {
          idNumberMasked: string;
          birthDate: string | null;
          birthYear: number;
          household: { village: { code: string }; members: { id: string; idNumberMasked: string; birthDate: string | null; birthYear: number }[] };
        };
      }>(PERSON, { id: person.id }, county);
      const roster = await graph.succeed<{ households: { edges: { node: { id: string; members: { id: string; idNumberMasked: string; birthDate: string | null; birthYear: number }[] } }[] } }>(
        `query($region: String!) { households(filter: { regionCode: $region }, first: 500) {
           edges { node { id members { id idNumberMasked birthDate birthYear } } } } }`,
        { region: target.villageCode },
        county,
      );
      const feed = await graph.succeed<{ personChanges: { edges: { node: { personId: string; idNumberMasked: string; birthDate: string | null; birthYear: number } }[] } }>(
        `{ personChanges(first: 500) { edges { node { personId idNumberMasked birthDate birthYear } } } }`,
        {},
        county,
      );
      const seen = [
        read.person,
        ...read.person.household.members,
        ...roster.households.edges.flatMap((e) => e.node.members),
        ...feed.personChanges.edges.map((e) => e.node),
      ];
      expect(seen.length).toBeGreaterThan(10);
      for (const p of seen) {
        expect(p.birthDate).toBeNull();
        expect(p.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      }
      expect(read.person.idNumberMasked).toBe(maskIdNumber(person.idNumber));
      expect(read.person.birthYear).toBe(Number(person.birthDate.slice(0, 4)));

      // Everything returned about every member of the household, combined: still several numbers each.
      for (const member of target.members) {
        const visible = read.person.household.members.find((m) => m.id === member.id)!;
        const candidates = consistentIdNumbers({ idNumberMasked: visible.idNumberMasked, birthYear: visible.birthYear, villageCode: read.person.household.village.code });
        expect(candidates).toContain(member.idNumber); // the enumeration is sound
        expect(candidates.length).toBeGreaterThan(1);
      }
    });

    it('lists members by relation and birth year, not by birth date', async () => {
      const read = await graph.succeed<{ household: { members: { id: string; birthYear: number }[] } }>(
        `query($id: ID!) { household(id: $id) { members { id birthYear } } }`,
        { id: target.id },
        county,
      );
      const sameYear = new Map<number, string[]>();
      for (const m of read.household.members) sameYear.set(m.birthYear, [...(sameYear.get(m.birthYear) ?? []), m.id]);
      // Within a birth year the order is by id: it tells nothing about month or day.
      for (const ids of sameYear.values()) expect(ids).toEqual([...ids].sort());
    });

    it('pii:read holders see the full number and birth date (an audited read)', async () => {
      const reader = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['pii:read'] });
      const read = await graph.succeed<{ person: { idNumber: string; birthDate: string; birthYear: number } }>(
        `query($id: ID!) { person(id: $id) { idNumber(reason: "资助核查") birthDate birthYear } }`,
        { id: person.id },
        reader,
      );
      expect(read.person).toEqual({ idNumber: person.idNumber, birthDate: person.birthDate, birthYear: Number(person.birthDate.slice(0, 4)) });
      const feed = await graph.succeed<{ personChanges: { edges: { node: { personId: string; birthDate: string | null } }[] } }>(
        `{ personChanges(first: 500) { edges { node { personId birthDate } } } }`,
        {},
        reader,
      );
      expect(feed.personChanges.edges.every((e) => e.node.birthDate !== null)).toBe(true);
    });
  });

  describe('item 3: duplicate checks reveal nothing outside the caller scope', () => {
    const registered = live.slice(0, 20).map((h) => h.members[0]!);
    const luxiNumbers = live.map((h) => h.registrationNumber);
    let hubei: string;
    beforeAll(async () => {
      hubei = await graph.token({ role: 'COUNTY', regionCode: HUBEI_COUNTY, subject: 'hubei-clerk' });
    });

    it('a Hubei county importing ID numbers registered in 芦溪县 is told to ask for a transfer, with no household or region', async () => {
      const before = (await sql(`SELECT count(*)::int AS n FROM household`))[0].n;
      const households = registered.map((m) => household(HUBEI_VILLAGE, [{ name: m.name, idNumber: m.idNumber }]));
      const result = await graph.graphql<{ importHouseholds: ImportResult }>(IMPORT, { key: 'hubei-probe', households }, hubei);
      expect(result.errors).toBeUndefined();
      const { importHouseholds } = result.data!;
      expect(importHouseholds.accepted).toBe(0);
      expect(importHouseholds.rejected).toHaveLength(registered.length);
      for (const [index, rejection] of importHouseholds.rejected.entries()) {
        expect(rejection).toEqual({
          index,
          field: 'members.0.idNumber',
          message: `${registered[index]!.name}: this person cannot be registered here; the county where they are registered must transfer them`,
        });
      }
      const text = JSON.stringify(result);
      expect(text).not.toMatch(/3603/);
      for (const number of luxiNumbers) expect(text).not.toContain(number);
      expect((await sql(`SELECT count(*)::int AS n FROM household`))[0].n).toBe(before);
    });

    it('registerHousehold answers the same: CONFLICT without the household in the message or extensions', async () => {
      const m = registered[0]!;
      const result = await graph.graphql(
        `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id } }`,
        { input: household(HUBEI_VILLAGE, [{ name: m.name, idNumber: m.idNumber }]) },
        hubei,
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(result.errors?.[0]?.message).toContain('the county where they are registered must transfer them');
      expect(result.errors?.[0]?.extensions?.household).toBeUndefined();
      expect(JSON.stringify(result.errors)).not.toMatch(/3603/);
    });

    it('inside the scope the household is named; both answers cost the same statements', async () => {
      const m = registered[1]!;
      const counter = graph.services.get('households')!.sql;
      counter.reset();
      const inside = await graph.succeed<{ importHouseholds: ImportResult }>(
        IMPORT,
        { key: 'luxi-duplicate', households: [household(LUXI_VILLAGE, [{ name: m.name, idNumber: m.idNumber }])] },
        county,
      );
      const insideStatements = counter.total;
      counter.reset();
      await graph.succeed(IMPORT, { key: 'hubei-duplicate', households: [household(HUBEI_VILLAGE, [{ name: m.name, idNumber: m.idNumber }])] }, hubei);
      const outsideStatements = counter.total;
      expect(inside.importHouseholds.rejected[0]!.message).toBe(`${m.name} already belongs to household ${live[1]!.registrationNumber}`);
      expect(outsideStatements).toBe(insideStatements);
    });
  });

  describe('item 11: an import idempotency key belongs to the caller region and to one batch', () => {
    it("another region's same key is a fresh key there: it never returns the first region's result", async () => {
      // Department systems (INTEGRATION) run the published ImportHouseholds operation only.
      const luxi = await graph.token({ role: 'INTEGRATION', regionCode: '360323', scopes: ['import:write'], subject: 'luxi-office' });
      const hubei = await graph.token({ role: 'INTEGRATION', regionCode: HUBEI_COUNTY, scopes: ['import:write'], subject: 'hubei-office' });
      const before = (await sql(`SELECT count(*)::int AS n FROM household WHERE village_code = $1`, [HUBEI_VILLAGE]))[0].n;
      const first = await graph.succeed<{ importHouseholds: Omit<ImportResult, 'created'> }>(
        ImportHouseholdsDocument,
        { idempotencyKey: 'shared-key-1', households: [household(LUXI_VILLAGE, [freshMember('360323')])] },
        luxi,
      );
      expect(first.importHouseholds).toEqual({ accepted: 1, replayed: false, rejected: [] });
      const theirs = await graph.graphql(
        ImportHouseholdsDocument,
        { idempotencyKey: 'shared-key-1', households: [household(HUBEI_VILLAGE, [freshMember(HUBEI_COUNTY)]), household(HUBEI_VILLAGE, [])] },
        hubei,
      );
      expect(theirs.errors).toBeUndefined();
      expect(theirs.data!.importHouseholds).toEqual({
        accepted: 1,
        replayed: false,
        rejected: [{ index: 1, field: 'members', message: expect.any(String) }],
      });
      expect((await sql(`SELECT count(*)::int AS n FROM household WHERE village_code = $1`, [HUBEI_VILLAGE]))[0].n).toBe(before + 1);
    });

    it('the same key with a different batch is refused (CONFLICT) and writes nothing; the same batch replays', async () => {
      const office = await graph.token({ role: 'COUNTY', regionCode: '360323', subject: 'luxi-clerk' });
      const batch = [household(LUXI_VILLAGE, [freshMember('360323')]), household(LUXI_VILLAGE, [freshMember('360323')])];
      const first = await graph.succeed<{ importHouseholds: ImportResult }>(IMPORT, { key: 'batch-hash-1', households: batch }, office);
      expect(first.importHouseholds.accepted).toBe(2);
      expect(first.importHouseholds.created.map((c) => c.index)).toEqual([0, 1]);
      const before = (await sql(`SELECT count(*)::int AS n FROM household`))[0].n;

      const other = [household(LUXI_VILLAGE, [freshMember('360323')])];
      const refused = await graph.graphql(IMPORT, { key: 'batch-hash-1', households: other }, office);
      expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0]?.message).toContain('this idempotency key was used for a different batch');
      expect((await sql(`SELECT count(*)::int AS n FROM household`))[0].n).toBe(before);

      // The same batch with its fields in another order is the same batch: a replay.
      const reordered = batch.map(({ members, ...rest }) => ({ members, ...Object.fromEntries(Object.entries(rest).reverse()) }));
      const replay = await graph.succeed<{ importHouseholds: ImportResult }>(IMPORT, { key: 'batch-hash-1', households: reordered }, office);
      expect(replay.importHouseholds).toEqual({ ...first.importHouseholds, replayed: true });
      expect((await sql(`SELECT count(*)::int AS n FROM household`))[0].n).toBe(before);
    });

    it("returns the created households' ids, readable by the caller's region", async () => {
      // `created` is served to everyone; integrations get it once the published operation selects it.
      const office = await graph.token({ role: 'COUNTY', regionCode: '360323', subject: 'luxi-clerk' });
      const bad = household(LUXI_VILLAGE, [{ name: '坏号', idNumber: '360323790115123' }]);
      const good = household(LUXI_VILLAGE, [freshMember('360323')]);
      const result = await graph.succeed<{ importHouseholds: ImportResult }>(IMPORT, { key: 'ids-1', households: [bad, good] }, office);
      expect(result.importHouseholds.created).toEqual([{ index: 1, id: expect.any(String), registrationNumber: good.registrationNumber }]);
      const read = await graph.succeed<{ household: { registrationNumber: string } }>(
        `query($id: ID!) { household(id: $id) { registrationNumber } }`,
        { id: result.importHouseholds.created[0]!.id },
        county,
      );
      expect(read.household.registrationNumber).toBe(good.registrationNumber);
    });
  });
});
