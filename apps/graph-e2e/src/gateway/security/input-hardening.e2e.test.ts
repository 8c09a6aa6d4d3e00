import { SignJWT } from 'jose';
import { signUserToken } from '@epg/auth';
import { encodeCursor, makeIdNumber } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 18, items 9 and 10: what a caller can put in a token claim, a text argument or a cursor
 * never becomes an internal error (or a crashed subgraph): it is UNAUTHENTICATED or
 * BAD_USER_INPUT naming the field, and in a batch only the bad record is rejected.
 */
const COUNTY = '360323';
const VILLAGE = '360323103201';
const NUL = '\u0000';

let serial = 0;
function newHousehold(memberName = `户主${serial}`) {
  serial += 1;
  return {
    registrationNumber: `NUL${VILLAGE}${String(serial).padStart(4, '0')}`,
    villageCode: VILLAGE,
    category: 'POVERTY_REGISTERED',
    povertyCauses: ['ILLNESS'],
    annualIncomePerCapitaFen: 310000,
    identifiedOn: '2016-03-01',
    members: [{ name: memberName, idNumber: makeIdNumber(COUNTY, '1981-04-02', 500 + serial * 2 + 1), relationToHead: 'HEAD' }],
  };
}

const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id } }`;
const IMPORT = `mutation($key: String!, $households: [RegisterHouseholdInput!]!) {
  importHouseholds(idempotencyKey: $key, households: $households) { accepted replayed rejected { index field message } }
}`;

describe('security: token claims, NUL bytes and crafted cursors', () => {
  let graph: TestGraph;
  let county: string;
  let auditor: string;
  const codes = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => (result.errors ?? []).map((e) => e.extensions?.code);
  const persons = async () =>
    (await graph.services.get('households')!.dataSource.query(`SELECT count(*)::int AS n FROM person`))[0].n as number;

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY, subject: 'nul-county' });
    auditor = await graph.token({ role: 'AUDITOR', regionCode: COUNTY, subject: 'nul-auditor' });
  });
  afterAll(() => graph?.stop());

  describe('token claims (item 9)', () => {
    it.each(['00', '000000', '0'])('answers a region claim %s with UNAUTHENTICATED at the gateway, and the subgraphs keep serving', async (region) => {
      const token = await signUserToken({ subject: 'odd-region', role: 'PROVINCE', regionCode: region, scopes: [] }, graph.auth);
      const result = await graph.graphql(`{ region(code: "${COUNTY}") { code } households(filter: { regionCode: "${COUNTY}" }, first: 1) { totalCount } }`, {}, token);
      expect(result.status).toBe(401);
      expect(codes(result)).toEqual(['UNAUTHENTICATED']);
      expect(result.errors?.[0]?.message).toMatch(/regionCode/);
      const after = await graph.graphql(`{ region(code: "${COUNTY}") { code } }`, {}, county);
      expect(after.data).toEqual({ region: { code: COUNTY } });
    });

    it('refuses a caller token without an expiry (it would be valid forever)', async () => {
      const forever = await new SignJWT({ role: 'COUNTY', region: COUNTY, scopes: [] })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('forever')
        .setIssuer(graph.auth.AUTH_JWT_ISSUER)
        .setAudience(graph.auth.AUTH_JWT_AUDIENCE)
        .setIssuedAt()
        .sign(new TextEncoder().encode(graph.auth.AUTH_JWT_SECRET));
      const result = await graph.graphql(`{ region(code: "${COUNTY}") { code } }`, {}, forever);
      expect(result.status).toBe(401);
      expect(codes(result)).toEqual(['UNAUTHENTICATED']);
      expect(result.errors?.[0]?.message).toMatch(/no expiry/);
      expect(result.data ?? null).toBeNull();
    });
  });

  describe('NUL bytes in text (item 10)', () => {
    it('refuses a registration with NUL in a member name as BAD_USER_INPUT naming the field, writing nothing', async () => {
      const before = await persons();
      const result = await graph.graphql(REGISTER, { input: newHousehold(`张${NUL}三`) }, county);
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.message).toMatch(/^input\.members\.0\.name: .*NUL/);
      expect(await persons()).toBe(before);
    });

    it('rejects only the import record that carries a NUL; the others are registered', async () => {
      const before = await persons();
      const households = [newHousehold(), newHousehold(`李${NUL}四`), newHousehold()];
      const result = await graph.graphql(IMPORT, { key: `nul-import-${Date.now()}`, households }, county);
      expect(result.errors).toBeUndefined();
      expect(result.data?.importHouseholds).toEqual({
        accepted: 2,
        replayed: false,
        rejected: [{ index: 1, field: 'members.0.name', message: expect.stringMatching(/NUL/) }],
      });
      expect(await persons()).toBe(before + 2);
    });

    it.each([
      ['entityId', `{ householdsAuditTrail(entityId: "x${'\\u0000'}y", first: 5) { totalCount } }`],
      ['operation', `{ teachersAuditTrail(operation: "register${'\\u0000'}", first: 5) { edges { node { id } } } }`],
      ['entityType', `{ subsidiesAuditTrail(entityType: "${'\\u0000'}", first: 5) { totalCount } }`],
    ])('refuses NUL in the %s filter of an audit trail', async (field, query) => {
      const result = await graph.graphql(query, {}, auditor);
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.message).toMatch(new RegExp(`^${field}: .*NUL`));
    });

    it('refuses NUL in a variable of a search argument', async () => {
      const result = await graph.graphql(`query($code: String!) { teachers(regionCode: $code, first: 5) { totalCount } }`, { code: `${COUNTY}${NUL}` }, county);
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('crafted cursors (item 10)', () => {
    const lists: [string, (after: string) => string, string[]][] = [
      ['households', (after) => `{ households(filter: { regionCode: "${COUNTY}" }, first: 5, after: "${after}") { totalCount } }`, [`H${NUL}`]],
      ['households (province-wide)', (after) => `{ households(filter: { regionCode: "360000" }, first: 5, after: "${after}") { totalCount } }`, [`H${NUL}`]],
      ['teachers', (after) => `{ teachers(regionCode: "${COUNTY}", first: 5, after: "${after}") { totalCount } }`, ['王', 'not-a-uuid']],
      ['entitlements', (after) => `{ entitlements(regionCode: "${COUNTY}", academicYear: 2023, first: 5, after: "${after}") { totalCount } }`, ['x', 'y', 'z']],
      ['coverage gaps', (after) => `{ subsidyCoverageGaps(regionCode: "${COUNTY}", academicYear: 2023, first: 5, after: "${after}") { totalCount } }`, ['x', 'y']],
      ['two-after students', (after) => `{ twoAfterStudentsNotEnrolled(regionCode: "${COUNTY}", first: 5, after: "${after}") { totalCount } }`, ['x']],
      ['dropout cases', (after) => `{ dropoutCases(regionCode: "${COUNTY}", first: 5, after: "${after}") { totalCount } }`, ['2023-02-30', '00000000-0000-4000-8000-000000000000']],
      ['households audit trail', (after) => `{ householdsAuditTrail(first: 5, after: "${after}") { totalCount } }`, ['abc']],
      ['teachers audit trail', (after) => `{ teachersAuditTrail(first: 5, after: "${after}") { totalCount } }`, [`1${NUL}`]],
    ];

    it.each(lists)('answers a crafted cursor on %s with BAD_USER_INPUT naming after', async (_list, query, values) => {
      const token = query('').includes('AuditTrail') ? auditor : county;
      const result = await graph.graphql(query(encodeCursor(values)), {}, token);
      expect({ codes: codes(result), message: result.errors?.[0]?.message }).toEqual({
        codes: ['BAD_USER_INPUT'],
        message: 'after: not a cursor this list returned',
      });
    });

    it('still pages with the cursors the lists return', async () => {
      const first = await graph.succeed<{ teachers: { pageInfo: { endCursor: string } } }>(
        `{ teachers(regionCode: "${COUNTY}", first: 2) { pageInfo { endCursor } } }`,
        {},
        county,
      );
      const next = await graph.graphql(`{ teachers(regionCode: "${COUNTY}", first: 2, after: "${first.teachers.pageInfo.endCursor}") { edges { node { id } } } }`, {}, county);
      expect(next.errors).toBeUndefined();
      const audit = await graph.succeed<{ householdsAuditTrail: { pageInfo: { endCursor: string | null } } }>(
        `{ householdsAuditTrail(first: 1) { pageInfo { endCursor } } }`,
        {},
        auditor,
      );
      if (audit.householdsAuditTrail.pageInfo.endCursor) {
        const more = await graph.graphql(`{ householdsAuditTrail(first: 1, after: "${audit.householdsAuditTrail.pageInfo.endCursor}") { totalCount } }`, {}, auditor);
        expect(more.errors).toBeUndefined();
      }
    });
  });
});
