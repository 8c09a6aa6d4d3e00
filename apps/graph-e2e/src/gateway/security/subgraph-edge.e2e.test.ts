import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { internalBodyHash, parsePrincipal, signInternalToken } from '@epg/auth';
import { makeIdNumber } from '@epg/domain';
import { createLogger, INTERNAL_TOKEN_HEADER, startSubgraph, SUBGRAPHS, type RunningSubgraph } from '@epg/subgraph-kit';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@epg/gateway';
import { startTestGraph, type TestGraph } from '../../support';

/**
 * Issue 18, items 5, 6 and 14: the subgraphs' edge. Only the gateway's token, signed for this
 * subgraph and this very body and short-lived, opens a subgraph; it is checked before the body
 * is read; the subgraph has limits of its own; and its logs never carry a full ID number.
 */
const COUNTY = '360323';
const REGION_QUERY = `{ region(code: "${COUNTY}") { code name } }`;

interface Reply {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function postRaw(url: string, body: string | Buffer, headers: Record<string, string> = {}, method = 'POST'): Promise<Reply> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(method === 'POST' ? { body } : {}) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Reply['body'] };
}
const codeOf = (reply: Reply) => reply.body.errors?.[0]?.extensions?.code;

/** A stand-in on the path between gateway and a subgraph: records each call's token and exact body, forwards it. */
async function recordingProxy(target: () => string) {
  const calls: { token: string; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const token = String(req.headers[INTERNAL_TOKEN_HEADER] ?? '');
      calls.push({ token, body });
      fetch(target(), { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token }, body }).then(
        async (reply) => {
          res.writeHead(reply.status, { 'content-type': 'application/json' });
          res.end(await reply.text());
        },
        () => {
          res.writeHead(502);
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('security: the subgraphs behind the gateway', () => {
  let graph: TestGraph;
  let county: string;
  const stops: (() => Promise<void>)[] = [];
  const subgraphUrl = (name: string) => graph.services.get(name)!.server!.url;
  const subgraphUrls = () => Object.fromEntries(SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_URL`, subgraphUrl(s.name)]));

  /** Another gateway in front of the graph's subgraphs (some replaced), with its own auth settings. */
  async function gatewayWith(urls: Record<string, string>, auth = graph.auth): Promise<string> {
    const running: RunningGateway = await startGateway(
      loadGatewayConfig({ ...process.env, ...subgraphUrls(), ...urls, PORT: '0' }),
      auth,
      pino({ level: 'silent' }),
    );
    stops.push(() => running.stop());
    return running.url;
  }

  /** A token for `body` on subgraph `audience`, signed with the graph's internal key as the gateway signs it. */
  const internalToken = (audience: string, body: string) =>
    signInternalToken(
      { principal: parsePrincipal({ subject: 'edge-test', role: 'COUNTY', regionCode: COUNTY, scopes: [] }), requestId: 'edge-test' },
      { audience, bodyHash: internalBodyHash(body) },
      graph.auth,
    );

  beforeAll(async () => {
    graph = await startTestGraph();
    county = await graph.token({ role: 'COUNTY', regionCode: COUNTY, subject: 'edge-county' });
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await graph?.stop();
  });

  describe('the internal token is bound to one subgraph, one body, a short life (item 6)', () => {
    let captured: { token: string; body: Buffer };

    beforeAll(async () => {
      const proxy = await recordingProxy(() => subgraphUrl('households'));
      stops.push(proxy.close);
      const gateway = await gatewayWith({ HOUSEHOLDS_URL: proxy.url });
      const reply = await postRaw(gateway, JSON.stringify({ query: REGION_QUERY }), { authorization: `Bearer ${county}` });
      expect(reply.body).toEqual({ data: { region: { code: COUNTY, name: '芦溪县' } } });
      expect(proxy.calls).toHaveLength(1);
      captured = proxy.calls[0]!;
    });

    it('works for the call it was signed for', async () => {
      const replay = await postRaw(subgraphUrl('households'), captured.body, { [INTERNAL_TOKEN_HEADER]: captured.token });
      expect(replay.status).toBe(200);
      expect(replay.body.data).toEqual({ region: { code: COUNTY, name: '芦溪县' } });
    });

    it('is refused by another subgraph', async () => {
      const other = await postRaw(subgraphUrl('schools'), captured.body, { [INTERNAL_TOKEN_HEADER]: captured.token });
      expect(other.status).toBe(401);
      expect(codeOf(other)).toBe('UNAUTHENTICATED');
      expect(other.body.data ?? null).toBeNull();
    });

    it('is refused with another query body', async () => {
      const body = JSON.stringify({ query: `{ households(filter: { regionCode: "${COUNTY}" }, first: 50) { totalCount edges { node { id } } } }` });
      const other = await postRaw(subgraphUrl('households'), body, { [INTERNAL_TOKEN_HEADER]: captured.token });
      expect(other.status).toBe(401);
      expect(codeOf(other)).toBe('UNAUTHENTICATED');
      expect(other.body.errors?.[0]?.message).toMatch(/another request body/);
      expect(other.body.data ?? null).toBeNull();
      // The same bytes re-encoded differently are another body too: the hash is over what was sent.
      const respaced = JSON.stringify(JSON.parse(captured.body.toString('utf8')), null, 1);
      expect((await postRaw(subgraphUrl('households'), respaced, { [INTERNAL_TOKEN_HEADER]: captured.token })).status).toBe(401);
    });

    it('is refused once expired (INTERNAL_TOKEN_TTL_SECONDS)', async () => {
      const proxy = await recordingProxy(() => subgraphUrl('households'));
      stops.push(proxy.close);
      const gateway = await gatewayWith({ HOUSEHOLDS_URL: proxy.url }, { ...graph.auth, INTERNAL_TOKEN_TTL_SECONDS: 1 });
      const reply = await postRaw(gateway, JSON.stringify({ query: REGION_QUERY }), { authorization: `Bearer ${county}` });
      expect(reply.body.data).toEqual({ region: { code: COUNTY, name: '芦溪县' } });
      const { token, body } = proxy.calls[0]!;
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const late = await postRaw(subgraphUrl('households'), body, { [INTERNAL_TOKEN_HEADER]: token });
      expect(late.status).toBe(401);
      expect(codeOf(late)).toBe('UNAUTHENTICATED');
      expect(late.body.errors?.[0]?.message).toMatch(/expired/);
    });

    it('is refused on a GET (no body to bind)', async () => {
      const url = `${subgraphUrl('households')}?query=${encodeURIComponent(REGION_QUERY)}`;
      const get = await postRaw(url, '', { [INTERNAL_TOKEN_HEADER]: captured.token, 'apollo-require-preflight': 'true' }, 'GET');
      expect(get.status).toBe(401);
    });

    it('keeps SERVICE credentials (batch jobs reading through the gateway) working', async () => {
      const service = await graph.token({ role: 'SERVICE', regionCode: COUNTY, subject: 'service:subsidies' });
      const reply = await graph.graphql(`{ region(code: "${COUNTY}") { code } households(filter: { regionCode: "${COUNTY}" }, first: 1) { totalCount } }`, {}, service);
      expect(reply.errors).toBeUndefined();
      expect(reply.data).toMatchObject({ region: { code: COUNTY } });
    });
  });

  describe('body, depth and alias limits of the subgraph itself (item 14)', () => {
    it('answers an oversize body without a token with 401 before reading it (not 413 after parsing)', async () => {
      const huge = JSON.stringify({ query: REGION_QUERY, variables: { padding: 'x'.repeat(17 * 1024 * 1024) } });
      const started = Date.now();
      const reply = await postRaw(subgraphUrl('households'), huge);
      expect(reply.status).toBe(401);
      expect(codeOf(reply)).toBe('UNAUTHENTICATED');
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('refuses a body over the subgraph limit (2 MB) even with a valid token', async () => {
      const big = JSON.stringify({ query: REGION_QUERY, variables: { padding: 'x'.repeat(3 * 1024 * 1024) } });
      const reply = await postRaw(subgraphUrl('households'), big, { [INTERNAL_TOKEN_HEADER]: await internalToken('households', big) });
      expect(reply.status).toBe(413);
      expect(reply.body.errors?.[0]?.message).toMatch(/too large/);
    });

    it('refuses a query deeper than 20 levels with a valid token, and runs one of 20', async () => {
      const nested = (depth: number) => JSON.stringify({ query: `{ region(code: "${COUNTY}") ${'{ parent '.repeat(depth - 2)}{ code }${' }'.repeat(depth - 2)} }` });
      const deep = nested(21);
      const refused = await postRaw(subgraphUrl('households'), deep, { [INTERNAL_TOKEN_HEADER]: await internalToken('households', deep) });
      expect(refused.status).toBe(400);
      expect(codeOf(refused)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(refused.body.errors?.[0]?.message).toMatch(/depth limit of 20 exceeded/);
      const ok = nested(20);
      const accepted = await postRaw(subgraphUrl('households'), ok, { [INTERNAL_TOKEN_HEADER]: await internalToken('households', ok) });
      expect(accepted.status).toBe(200);
      expect(accepted.body.errors).toBeUndefined();
      expect(accepted.body.data?.region).toMatchObject({ parent: { parent: { parent: null } } });
    });

    it('refuses more than 50 aliases with a valid token, and runs 50', async () => {
      const aliased = (n: number) => JSON.stringify({ query: `{ ${Array.from({ length: n }, (_, i) => `r${i}: region(code: "${COUNTY}") { code }`).join(' ')} }` });
      const flood = aliased(51);
      const refused = await postRaw(subgraphUrl('households'), flood, { [INTERNAL_TOKEN_HEADER]: await internalToken('households', flood) });
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.message).toMatch(/Aliases limit of 50 exceeded/);
      const ok = aliased(50);
      const accepted = await postRaw(subgraphUrl('households'), ok, { [INTERNAL_TOKEN_HEADER]: await internalToken('households', ok) });
      expect(Object.keys(accepted.body.data ?? {})).toHaveLength(50);
    });
  });

  describe('logs of a failed write (item 5)', () => {
    it('carry no full ID number and no statement parameters', async () => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const households = graph.services.get('households')!;
      // A second households subgraph on the same database, logging (as in production) to a capture.
      const logged: RunningSubgraph = await startSubgraph(households.module, {
        dataSource: households.dataSource,
        auth: graph.auth,
        logger: createLogger('households', 'trace', stream),
        port: 0,
        gatewayUrl: () => graph.gatewayUrl,
      });
      stops.push(() => logged.stop());
      const gateway = await gatewayWith({ HOUSEHOLDS_URL: logged.url });

      // The database refuses the row (as a constraint or trigger would), after every check in the service passed.
      await households.dataSource.query(`ALTER TABLE person ADD CONSTRAINT e2e_refuse_person CHECK (name <> '拒绝写入') NOT VALID`);
      try {
        const idNumber = makeIdNumber(COUNTY, '1984-06-09', 771);
        const input = {
          registrationNumber: 'LOG3603231032010001',
          villageCode: '360323103201',
          category: 'POVERTY_REGISTERED',
          povertyCauses: ['ILLNESS'],
          annualIncomePerCapitaFen: 310000,
          identifiedOn: '2016-03-01',
          members: [{ name: '拒绝写入', idNumber, relationToHead: 'HEAD' }],
        };
        const reply = await postRaw(
          gateway,
          JSON.stringify({ query: 'mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { id } }', variables: { input } }),
          { authorization: `Bearer ${county}` },
        );
        expect(reply.body.errors?.length).toBeGreaterThan(0);
        expect(JSON.stringify(reply.body)).not.toContain(idNumber);

        const text = lines.join('');
        // The failure is logged, debuggable (constraint named) …
        expect(text).toContain('e2e_refuse_person');
        // … with no full ID number anywhere and none of the statement's bound values.
        expect(text).not.toContain(idNumber);
        expect(text).not.toContain('"parameters"');
        expect(text).not.toContain('Failing row contains');
      } finally {
        await households.dataSource.query(`ALTER TABLE person DROP CONSTRAINT e2e_refuse_person`);
      }
    });
  });
});
