import { print, type DocumentNode } from 'graphql';
import * as documents from '@epg/graph-client';
import { SeededRandom } from '@epg/demo';
import { makeIdNumber } from '@epg/domain';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Bad input, thousands of times: malformed bodies, broken documents, and every contract mutation
 * with one input corrupted (wrong types, nulls, huge strings, bad ID numbers, negative money,
 * unknown enum values, impossible dates, deep nesting). Every reply must be a well-formed
 * GraphQL error (or an HTTP 4xx with a JSON body), no process may fall over, and no rejected
 * request may write a row (each write records an audit entry in its service).
 */
const CASES = 1500;

/** A valid example of each mutation's variables (against 芦溪县's demo data). */
function validVariables(): Record<string, Record<string, unknown>> {
  const person = '3a3f7c52-0000-4000-8000-000000000001';
  const school = '3a3f7c52-0000-4000-8000-000000000002';
  return {
    RegisterHousehold: {
      input: {
        registrationNumber: 'FUZZ0000001',
        villageCode: '360323101201',
        category: 'POVERTY_REGISTERED',
        povertyCauses: ['ILLNESS'],
        annualIncomePerCapitaFen: 300000,
        identifiedOn: '2016-03-01',
        members: [{ name: '测试', idNumber: makeIdNumber('360323', '1980-01-01', 11), relationToHead: 'HEAD' }],
      },
    },
    // importHouseholds answers bad records per record (accepted/rejected), not as an error: its
    // record validation is covered by the households tests.
    ChangeHouseholdStatus: { householdId: person, status: 'EXITED', on: '2020-01-01', reason: 'x' },
    RegisterSchool: { input: { code: '9999999999', name: '测试学校', type: 'PRIMARY', ownership: 'PUBLIC', regionCode: '360323101', inPovertyArea: true } },
    EnrolStudent: { input: { personId: person, schoolId: school, academicYear: 2023, stage: 'PRIMARY', grade: 1, boarding: false } },
    RecordFacilityGap: { input: { schoolId: school, category: 'WATER', description: 'x', estimatedCostFen: 100 } },
    ScanForDropouts: { regionCode: '360323', academicYear: 2023 },
    RecordDropoutAction: { caseId: person, kind: 'HOME_VISIT', on: '2023-10-01', note: 'x' },
    ComputeEntitlements: { regionCode: '360323', academicYear: 2023 },
    ApproveEntitlements: { ids: [person] },
    PublishSubsidyNotice: { schoolId: school, academicYear: 2023 },
    RecordPayment: { input: { idempotencyKey: 'fuzz', entitlementId: person, amountFen: 100, paidOn: '2023-10-01' } },
    RegisterTeacher: { input: { name: 'x', idNumber: makeIdNumber('360323', '1985-01-01', 21), schoolId: school, postType: 'REGULAR', rural: true, hardshipTier: 1, startedOn: '2010-09-01' } },
    RecordTraining: { input: { teacherId: person, level: 'COUNTY', title: 'x', hours: 8, completedOn: '2020-01-01' } },
    CreateVocationalProgram: { input: { schoolId: school, major: 'x', agricultural: true, durationYears: 3 } },
    EnrolVocational: { input: { personId: person, programId: school, startYear: 2023, nonContinuingGraduate: false } },
    RecordSkillsTraining: { input: { personId: person, kind: 'RAIN_DEW', hours: 10, completedOn: '2020-01-01' } },
  };
}

/** Values that no field accepts where they land (by construction), keyed by what they attack. */
function corruption(random: SeededRandom, path: string, original: unknown): unknown {
  const kinds: (() => unknown)[] = [
    () => (typeof original === 'number' ? 'not a number' : typeof original === 'boolean' ? 'yes' : 12345),
    () => null,
    () => ({ nested: { deeper: { deepest: [1, 2, 3] } } }),
    () => [[[[[[['deep']]]]]]],
  ];
  if (typeof original === 'string' && /^[A-Z_]+$/.test(original)) kinds.push(() => 'UNKNOWN_ENUM_VALUE', () => original.toLowerCase());
  if (/Fen$/.test(path)) kinds.push(() => -random.int(1, 1_000_000), () => 2 ** 40, () => 1.5);
  if (/idNumber$/.test(path)) kinds.push(() => '110105491231002', () => '11010519491231002Y', () => '110105194913310021', () => makeIdNumber('360323', '2999-01-01', 1));
  if (/(On|on)$/.test(path)) kinds.push(() => '2023-02-30', () => '23-1-1', () => '2999-13-45');
  if (/(Code|code)$/.test(path)) kinds.push(() => '36032', () => "360323' OR '1'='1", () => '4'.repeat(40));
  if (typeof original === 'string') kinds.push(() => 'x'.repeat(random.int(100_000, 300_000)));
  if (/(Year|year|grade|hours|durationYears|hardshipTier)$/.test(path)) kinds.push(() => -7, () => 99999, () => 2.5);
  return random.pick(kinds)();
}

/** Every leaf path of a value, e.g. input.members.0.idNumber. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, `${prefix}.${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(target);
  const parts = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
  return copy;
}

/** Malformed requests that are not GraphQL at all. */
function rawBody(random: SeededRandom): { body: string; contentType: string } {
  const options = [
    () => ({ body: '{"query": ', contentType: 'application/json' }),
    () => ({ body: 'query { region }', contentType: 'text/plain' }),
    () => ({ body: JSON.stringify({ query: 123 }), contentType: 'application/json' }),
    () => ({ body: JSON.stringify({ query: '{ region(code: "360323") { name } }', variables: 'nope' }), contentType: 'application/json' }),
    () => ({ body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]), contentType: 'application/json' }),
    () => ({ body: JSON.stringify({ query: `{ ${'region(code: "1") { '.repeat(60)}${'}'.repeat(60)} }` }), contentType: 'application/json' }),
    () => ({ body: JSON.stringify({ query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: __typename`).join(' ')} }` }), contentType: 'application/json' }),
    () => ({ body: JSON.stringify({ query: random.pick(['{', '}', 'query query', '{ region(code: ) }', '{ ...on Query }', 'mutation { }', '\u0000']) }), contentType: 'application/json' }),
  ];
  // An oversized body (over the 16 MB limit) now and then: costly to send, so rarely.
  if (random.chance(0.02)) return { body: 'x'.repeat(17 * 1024 * 1024), contentType: 'application/json' };
  return random.pick(options)();
}

describe('fuzzing the gateway with bad input', () => {
  let graph: TestGraph;
  let token: string;
  const auditTotal = async () => {
    let total = 0;
    for (const [service, { dataSource }] of graph.services) total += (await dataSource.query(`SELECT count(*)::int AS n FROM "${service}".audit_entry`))[0].n;
    return total;
  };

  beforeAll(async () => {
    Object.assign(process.env, { RATE_LIMIT_REQUESTS: '0' });
    graph = await startTestGraph({ seedDemo: false });
    token = await graph.token({ role: 'COUNTY', regionCode: '360323', scopes: ['subsidy:approve', 'subsidy:pay', 'policy:admin', 'import:write', 'pii:read'] });
  });
  afterAll(() => graph?.stop());

  it(`answers ${CASES} malformed requests with well-formed errors, writing nothing`, async () => {
    const random = new SeededRandom(20_261_125);
    const valid = validVariables();
    const mutations = Object.entries(valid).map(([name, variables]) => ({
      name,
      query: print((documents as unknown as Record<string, DocumentNode>)[`${name}Document`]!),
      variables,
    }));
    expect(mutations.every((m) => m.query.startsWith('mutation'))).toBe(true);
    const auditBefore = await auditTotal();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < CASES; i++) {
      let body: string;
      let contentType = 'application/json';
      let label: string;
      if (i % 6 === 0) {
        ({ body, contentType } = rawBody(random));
        label = `raw ${body.slice(0, 60)}`;
      } else {
        const mutation = random.pick(mutations);
        const path = random.pick(leafPaths(mutation.variables));
        const variables = path ? setPath(mutation.variables, path, corruption(random, path, path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], mutation.variables))) : mutation.variables;
        body = JSON.stringify({ query: mutation.query, variables });
        label = `${mutation.name} ${path}`;
      }
      const response = await fetch(graph.gatewayUrl, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const text = await response.text();
      let parsed: { data?: Record<string, unknown> | null; errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | null = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        failures.push(`${label}: not JSON (${response.status}) ${text.slice(0, 80)}`);
        continue;
      }
      const wellFormed = Array.isArray(parsed?.errors) && parsed!.errors.length > 0 && parsed!.errors.every((e) => typeof e.message === 'string' && typeof e.extensions?.code === 'string');
      const written = parsed?.data && Object.values(parsed.data).some((v) => v !== null);
      if (!wellFormed || written) failures.push(`${label}: ${response.status} ${text.slice(0, 160)}`);
      if (response.status >= 500) failures.push(`${label}: HTTP ${response.status}`);
      const code = parsed?.errors?.[0]?.extensions?.code;
      if (code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE') failures.push(`${label}: ${String(code)} ${parsed?.errors?.[0]?.message}`);
    }
    console.log(`fuzz: ${CASES} cases, HTTP statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(await auditTotal()).toBe(auditBefore);
    // Nothing fell over: every service still answers.
    const health = await graph.graphql(`{ region(code: "360323") { code } schools(filter: { regionCode: "360323" }, first: 1) { totalCount } }`, {}, token);
    expect(health.errors).toBeUndefined();
  }, 300_000);
});
