import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse, print } from 'graphql';
import pino from 'pino';
import { SUBGRAPHS } from '@epg/subgraph-kit';
import { startTestGraph, type TestGraph } from '../support';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@epg/gateway';

interface Reply {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } & Record<string, unknown>;
}

async function post(url: string, body: unknown, token?: string | null, raw?: string): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as Reply['body'] };
}

const codeOf = (reply: Reply) => reply.body.errors?.[0]?.extensions?.code;
const messages = (reply: Reply) => (reply.body.errors ?? []).map((e) => e.message).join('\n');

const nested = (depth: number) => `{ region(code: "360323") ${'{ parent '.repeat(depth - 2)}{ code }${' }'.repeat(depth - 2)} }`;
const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `r${i}: region(code: "360323") { code }`).join(' ')} }`;

/** The contract's sources (its manifest, tools/contract/trusted-documents/contract.json, is generated from them). */
const CONTRACT_DIR = path.join(__dirname, '../../../../tools/contract/documents');
const HOUSEHOLDS_CONTRACT = fs.readFileSync(path.join(CONTRACT_DIR, 'households.graphql'), 'utf8');
/** The contract's Region operation, as a consumer's file has it (comments and layout of its own). */
const REGION_OPERATION = /query Region\([\s\S]*?\n}\n/.exec(HOUSEHOLDS_CONTRACT)![0];
const REGION_HASH = createHash('sha256').update(print(parse(REGION_OPERATION))).digest('hex');

describe('gateway protection', () => {
  let graph: TestGraph;
  let county: string;
  let integration: string;
  const extra: RunningGateway[] = [];

  /** Another gateway in front of the same subgraphs, with its own settings. */
  async function gatewayWith(env: Record<string, string>, logger = pino({ level: 'silent' })): Promise<string> {
    const urls = Object.fromEntries(SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_URL`, graph.services.get(s.name)!.server!.url]));
    const running = await startGateway(loadGatewayConfig({ ...process.env, ...urls, PORT: '0', ...env }), graph.auth, logger);
    extra.push(running);
    return running.url;
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: '360323', subject: 'county-officer' });
    integration = await graph.token({ role: 'INTEGRATION', regionCode: '360323', subject: 'civil-affairs-system', scopes: ['import:write'] });
  });
  afterAll(async () => {
    for (const g of extra) await g.stop();
    await graph?.stop();
  });

  describe('query limits (graphql-armor)', () => {
    it('refuses a query deeper than 10 levels and accepts one of 10', async () => {
      const deep = await post(graph.gatewayUrl, { query: nested(11) }, county);
      expect(deep.status).toBe(400);
      expect(codeOf(deep)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(messages(deep)).toMatch(/depth limit of 10 exceeded, found 11/);
      expect(deep.body.data ?? null).toBeNull();

      const ok = await post(graph.gatewayUrl, { query: nested(10) }, county);
      expect(ok.status).toBe(200);
      expect(messages(ok)).not.toMatch(/limit/);
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data?.region).toMatchObject({ parent: { parent: { parent: null } } });
    });

    it('refuses an alias flood and accepts 15 aliases', async () => {
      const flood = await post(graph.gatewayUrl, { query: aliased(16) }, county);
      expect(flood.status).toBe(400);
      expect(messages(flood)).toMatch(/Aliases limit of 15 exceeded/);
      const ok = await post(graph.gatewayUrl, { query: aliased(15) }, county);
      expect(ok.status).toBe(200);
      expect(Object.keys(ok.body.data ?? {})).toHaveLength(15);
    });

    it('refuses too many directives', async () => {
      const fields = (n: number) => `{ region(code: "360323") { ${'code @include(if: true) '.repeat(n)} } }`;
      const reply = await post(graph.gatewayUrl, { query: fields(21) }, county);
      expect(reply.status).toBe(400);
      expect(messages(reply)).toMatch(/Directives limit of 20 exceeded/);
      const ok = await post(graph.gatewayUrl, { query: fields(20) }, county);
      expect(ok.body.data).toEqual({ region: { code: '360323' } });
    });

    it('refuses a document of more than 1000 tokens and accepts one just under', async () => {
      // Two aliased selections of n fields: 2 × (10 + n) + 2 tokens — n = 489 is exactly the limit.
      const tokens = (n: number) => `{ a: region(code: "360323") { ${'code '.repeat(n)}} b: region(code: "360323") { ${'code '.repeat(n)}} }`;
      const reply = await post(graph.gatewayUrl, { query: tokens(490) }, county);
      expect(reply.status).toBe(400);
      expect(codeOf(reply)).toBe('GRAPHQL_PARSE_FAILED');
      expect(messages(reply)).toMatch(/more th(an|at) 1000 tokens/);
      expect(reply.body.data ?? null).toBeNull();
      const ok = await post(graph.gatewayUrl, { query: tokens(489) }, county);
      expect(messages(ok)).toBe('');
      expect(ok.body.data).toEqual({ a: { code: '360323' }, b: { code: '360323' } });
    });

    it('refuses a query whose cost is over 50000 (a large page of nested lists; see security/fan-out)', async () => {
      const page = (first: number) =>
        `{ households(filter: { regionCode: "360323" }, first: ${first}) { edges { node { id members { id name } } } } }`;
      const costly = await post(graph.gatewayUrl, { query: page(5000) }, county);
      expect(costly.status).toBe(400);
      expect(codeOf(costly)).toBe('QUERY_TOO_COSTLY');
      expect(messages(costly)).toMatch(/Query cost 135002 exceeds the limit of 50000/);
      const cheap = await post(graph.gatewayUrl, { query: page(10) }, county);
      expect(messages(cheap)).not.toMatch(/cost/i);
      expect(cheap.status).toBe(200);
    });

    it('refuses batched requests (batching is off by default)', async () => {
      const batch = await post(graph.gatewayUrl, [{ query: '{ __typename }' }, { query: '{ __typename }' }], county);
      expect(batch.status).toBe(400);
      expect(codeOf(batch)).toBe('BAD_REQUEST');
      expect(messages(batch)).toMatch(/batched requests are not accepted/);
      const single = await post(graph.gatewayUrl, { query: '{ __typename }' }, county);
      expect(single.body.data).toEqual({ __typename: 'Query' });
    });

    it('limits batches to MAX_BATCH_SIZE when batching is on', async () => {
      const url = await gatewayWith({ MAX_BATCH_SIZE: '3' });
      const three = await post(url, Array.from({ length: 3 }, () => ({ query: '{ __typename }' })), county);
      expect(three.status).toBe(200);
      expect(three.body).toEqual(Array.from({ length: 3 }, () => ({ data: { __typename: 'Query' } })));
      const four = await post(url, Array.from({ length: 4 }, () => ({ query: '{ __typename }' })), county);
      expect(four.status).toBe(400);
      expect(messages(four)).toMatch(/1 to 3 operations, not 4/);
    });
  });

  describe('production mode', () => {
    let production: string;
    beforeAll(async () => {
      production = await gatewayWith({ NODE_ENV: 'production' });
    });

    it('gives field, argument and enum suggestions in development only', async () => {
      const typo = '{ region(code: "360323") { nmae } }';
      const enumTypo = '{ households(filter: { regionCode: "360323", status: IDENTIFID }, first: 1) { totalCount } }';
      const dev = await post(graph.gatewayUrl, { query: typo }, county);
      expect(messages(dev)).toMatch(/Did you mean "name"/);
      const devEnum = await post(graph.gatewayUrl, { query: enumTypo }, county);
      expect(messages(devEnum)).toMatch(/Did you mean the enum value "IDENTIFIED"/);

      const prod = await post(production, { query: typo }, county);
      expect(prod.status).toBe(400);
      expect(messages(prod)).toMatch(/Cannot query field "nmae"/);
      expect(messages(prod)).not.toMatch(/Did you mean|"name"/);
      const prodEnum = await post(production, { query: enumTypo }, county);
      expect(messages(prodEnum)).toMatch(/IDENTIFID/);
      expect(messages(prodEnum)).not.toMatch(/Did you mean|IDENTIFIED/);
    });

    it('answers introspection in development only', async () => {
      const query = '{ __schema { queryType { name } } }';
      const dev = await post(graph.gatewayUrl, { query }, county);
      expect(dev.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const prod = await post(production, { query }, county);
      expect(prod.status).toBe(400);
      expect(prod.body.data ?? null).toBeNull();
      expect(messages(prod)).toMatch(/introspection is not allowed/);
      const ok = await post(production, { query: '{ region(code: "360323") { code } }' }, county);
      expect(ok.body.data).toEqual({ region: { code: '360323' } });
    });
  });

  describe('request body size', () => {
    it('answers an oversized body with HTTP 413 and a JSON error, and keeps serving', async () => {
      const url = await gatewayWith({ BODY_LIMIT: '2kb' });
      const big = await post(url, { query: '{ __typename }', variables: { padding: 'x'.repeat(4096) } }, county);
      expect(big.status).toBe(413);
      expect(codeOf(big)).toBe('BAD_REQUEST');
      expect(messages(big)).toMatch(/too large/);
      const small = await post(url, { query: '{ __typename }' }, county);
      expect(small.body.data).toEqual({ __typename: 'Query' });
    });
  });

  describe('rate limit', () => {
    it('answers 429 RATE_LIMITED with Retry-After past the limit, per principal, and recovers', async () => {
      const url = await gatewayWith({ RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '2' });
      const busy = await graph.token({ role: 'COUNTY', regionCode: '360323', subject: 'busy-officer' });
      const calm = await graph.token({ role: 'COUNTY', regionCode: '360323', subject: 'calm-officer' });
      const typename = { query: '{ __typename }' };
      const first = await Promise.all([1, 2, 3].map(() => post(url, typename, busy)));
      expect(first.map((r) => r.status)).toEqual([200, 200, 200]);

      const refused = await post(url, typename, busy);
      expect(refused.status).toBe(429);
      expect(codeOf(refused)).toBe('RATE_LIMITED');
      expect(refused.body.data ?? null).toBeNull();
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);

      // Another principal has its own budget.
      expect((await post(url, typename, calm)).status).toBe(200);

      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 200));
      const again = await post(url, typename, busy);
      expect(again.status).toBe(200);
      expect(again.body.data).toEqual({ __typename: 'Query' });
    });

    it('gives SERVICE credentials (batch jobs paging feeds) their own, larger budget', async () => {
      const url = await gatewayWith({ RATE_LIMIT_REQUESTS: '2', RATE_LIMIT_SERVICE_REQUESTS: '5', RATE_LIMIT_WINDOW_SECONDS: '60' });
      const service = await graph.token({ role: 'SERVICE', regionCode: '360323', subject: 'service:subsidies' });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await post(url, { query: '{ __typename }' }, service)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    });

    it('limits calls without a valid token by address', async () => {
      const url = await gatewayWith({ RATE_LIMIT_REQUESTS: '2', RATE_LIMIT_WINDOW_SECONDS: '60' });
      expect((await post(url, { query: '{ __typename }' }, null)).status).toBe(401);
      expect((await post(url, { query: '{ __typename }' }, 'not-a-token')).status).toBe(401);
      const third = await post(url, { query: '{ __typename }' }, null);
      expect(third.status).toBe(429);
      expect(codeOf(third)).toBe('RATE_LIMITED');
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    });
  });

  describe('trusted documents', () => {
    const UNKNOWN = '{ region(code: "360323") { code name } }';

    it('refuses a document outside the allow-list from an INTEGRATION token', async () => {
      const reply = await post(graph.gatewayUrl, { query: UNKNOWN }, integration);
      expect(reply.status).toBe(403);
      expect(codeOf(reply)).toBe('TRUSTED_DOCUMENT_REQUIRED');
      expect(reply.body.data ?? null).toBeNull();
      const byId = await post(graph.gatewayUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }, integration);
      expect(byId.status).toBe(403);
      expect(codeOf(byId)).toBe('TRUSTED_DOCUMENT_REQUIRED');
    });

    it('refuses a contract operation altered by one field, and a GET, from an INTEGRATION token', async () => {
      const altered = REGION_OPERATION.replace('povertyVillage', 'povertyVillage\n    __typename');
      expect((await post(graph.gatewayUrl, { query: altered, variables: { code: '360323' } }, integration)).status).toBe(403);
      const get = await fetch(`${graph.gatewayUrl}?query=${encodeURIComponent(REGION_OPERATION)}`, {
        headers: { authorization: `Bearer ${integration}`, 'apollo-require-preflight': 'true' },
      });
      expect(get.status).toBe(405);
    });

    it('runs a contract operation sent by text from an INTEGRATION token', async () => {
      const reply = await post(graph.gatewayUrl, { query: `# from the integration's own file\n${REGION_OPERATION}`, variables: { code: '360323' } }, integration);
      expect(reply.status).toBe(200);
      expect(reply.body.errors).toBeUndefined();
      expect(reply.body.data?.region).toMatchObject({ code: '360323', name: '芦溪县', level: 'COUNTY' });
      const wholeFile = await post(graph.gatewayUrl, { query: HOUSEHOLDS_CONTRACT, operationName: 'Region', variables: { code: '360323' } }, integration);
      expect(wholeFile.body.data?.region).toMatchObject({ code: '360323' });
    });

    it('runs a contract operation sent by its sha256 id (APQ style), for INTEGRATION and other callers', async () => {
      for (const token of [integration, county]) {
        const reply = await post(graph.gatewayUrl, { variables: { code: '360323' }, extensions: { persistedQuery: { version: 1, sha256Hash: REGION_HASH } } }, token);
        expect(reply.status).toBe(200);
        expect(reply.body.data?.region).toMatchObject({ code: '360323', level: 'COUNTY' });
      }
    });

    it('lets other roles send any document unless TRUSTED_DOCUMENTS=required', async () => {
      const open = await post(graph.gatewayUrl, { query: UNKNOWN }, county);
      expect(open.body.data).toEqual({ region: { code: '360323', name: '芦溪县' } });

      const url = await gatewayWith({ TRUSTED_DOCUMENTS: 'required' });
      const refused = await post(url, { query: UNKNOWN }, county);
      expect(refused.status).toBe(403);
      expect(codeOf(refused)).toBe('TRUSTED_DOCUMENT_REQUIRED');
      const allowed = await post(url, { query: REGION_OPERATION, variables: { code: '360323' } }, county);
      expect(allowed.body.data?.region).toMatchObject({ code: '360323' });
      const anonymous = await post(url, { query: UNKNOWN }, null);
      expect(anonymous.status).toBe(401);
    });
  });

  describe('logs', () => {
    it('keep no token and no ID number of the requests they describe', async () => {
      const lines: string[] = [];
      const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
      const url = await gatewayWith({}, logger);
      const idNumber = '36032319900101123X';
      await post(url, { query: '{ region(code: "360323") { code } }' }, county);
      await post(url, { query: `query Lookup($idNumber: String) { person(id: "${idNumber}") { id } }`, variables: { idNumber } }, county);
      await post(url, { query: '{ __typename }' }, `${county}x`);
      const text = lines.join('');
      expect(text).toContain('gateway listening');
      const operations = lines.filter((l) => l.includes('"msg":"operation"'));
      expect(operations).toHaveLength(2);
      expect(operations[1]).toContain('"subject":"county-officer"');
      expect(text).not.toContain(county.split('.')[2]!);
      expect(text).not.toContain(idNumber);
    });
  });
});
