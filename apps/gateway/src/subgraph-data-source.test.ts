import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { internalBodyHash, loadAuthConfig, parsePrincipal, signInternalToken, type Principal } from '@epg/auth';
import { parseRegionCode } from '@epg/domain';
import { INTERNAL_TOKEN_HEADER } from '@epg/subgraph-kit';
import { shareableCall, SubgraphDataSource } from './subgraph-data-source';
import { SubgraphTransport } from './subgraph-transport';

const auth = loadAuthConfig({});
const county: Principal = parsePrincipal({ subject: 'officer-1', role: 'COUNTY', regionCode: '360323', scopes: [] });
const otherCounty: Principal = { ...county, regionCode: parseRegionCode('360321') };

const REGION_QUERY = JSON.stringify({ query: 'query Q__households__0($code:String!){region(code:$code){name}}', variables: { code: '360323' } });
const MUTATION = JSON.stringify({ query: 'mutation M__households__0{registerHousehold(input:{}){id}}', variables: {} });
const ID_NUMBER_QUERY = JSON.stringify({ query: 'query P__households__0{person(id:"p"){idNumber(reason:"x")}}', variables: {} });

/** A stand-in subgraph over real HTTP: counts calls and answers each after `delayMs`. */
async function countingSubgraph(delayMs: number, status = 200): Promise<{ url: string; calls: () => number; close(): Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls += 1;
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status === 200 ? { data: { region: { name: `call ${calls}` } } } : { errors: [{ message: 'refused', extensions: { code: 'BAD_USER_INPUT' } }] }));
      }, delayMs),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, calls: () => calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function call(source: SubgraphDataSource, url: string, principal: Principal, requestId: string, body: string) {
  const token = await signInternalToken({ principal, requestId }, { audience: 'households', bodyHash: internalBodyHash(body) }, auth);
  const response = await source.fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token }, body });
  return { ok: response.ok, status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('shareableCall', () => {
  it('shares queries but not mutations or audited reads', () => {
    expect(shareableCall(REGION_QUERY)).toBe(true);
    expect(shareableCall(JSON.stringify({ query: '{ _service { sdl } }' }))).toBe(true);
    expect(shareableCall(MUTATION)).toBe(false);
    expect(shareableCall(ID_NUMBER_QUERY)).toBe(false);
  });
});

describe('SubgraphDataSource', () => {
  const transport = new SubgraphTransport({ timeoutMs: 2_000, connectionsPerSubgraph: 8 });
  afterAll(() => transport.close());

  it('folds identical queries of one caller in flight into one call, each with its own copy', async () => {
    const subgraph = await countingSubgraph(80);
    try {
      const source = new SubgraphDataSource('households', subgraph.url, { transport, shareInflight: true });
      const [a, b] = await Promise.all([
        call(source, subgraph.url, county, 'request-a', REGION_QUERY),
        call(source, subgraph.url, county, 'request-b', REGION_QUERY),
      ]);
      expect(subgraph.calls()).toBe(1);
      expect(a.body).toEqual({ data: { region: { name: 'call 1' } } });
      expect(b.body).toEqual(a.body);
      expect(b.body).not.toBe(a.body);
      expect(source.sharedCalls).toBe(1);
      // Not a cache: the same query after the first has settled is a new call.
      await call(source, subgraph.url, county, 'request-c', REGION_QUERY);
      expect(subgraph.calls()).toBe(2);
    } finally {
      await subgraph.close();
    }
  });

  it('never shares across callers, mutations, audited reads, or when turned off', async () => {
    const subgraph = await countingSubgraph(80);
    try {
      const sharing = new SubgraphDataSource('households', subgraph.url, { transport, shareInflight: true });
      await Promise.all([call(sharing, subgraph.url, county, 'a', REGION_QUERY), call(sharing, subgraph.url, otherCounty, 'b', REGION_QUERY)]);
      expect(subgraph.calls()).toBe(2);
      await Promise.all([call(sharing, subgraph.url, county, 'a', MUTATION), call(sharing, subgraph.url, county, 'b', MUTATION)]);
      expect(subgraph.calls()).toBe(4);
      await Promise.all([call(sharing, subgraph.url, county, 'a', ID_NUMBER_QUERY), call(sharing, subgraph.url, county, 'b', ID_NUMBER_QUERY)]);
      expect(subgraph.calls()).toBe(6);
      const off = new SubgraphDataSource('households', subgraph.url, { transport, shareInflight: false });
      await Promise.all([call(off, subgraph.url, county, 'a', REGION_QUERY), call(off, subgraph.url, county, 'b', REGION_QUERY)]);
      expect(subgraph.calls()).toBe(8);
      expect(sharing.sharedCalls + off.sharedCalls).toBe(0);
    } finally {
      await subgraph.close();
    }
  });

  it('passes a refusal on with its status and body', async () => {
    const subgraph = await countingSubgraph(0, 400);
    try {
      const source = new SubgraphDataSource('households', subgraph.url, { transport, shareInflight: true });
      const reply = await call(source, subgraph.url, county, 'a', REGION_QUERY);
      expect(reply).toMatchObject({ ok: false, status: 400, body: { errors: [{ message: 'refused' }] } });
    } finally {
      await subgraph.close();
    }
  });

  it('gives up on a subgraph slower than the timeout', async () => {
    const subgraph = await countingSubgraph(1_000);
    const impatient = new SubgraphTransport({ timeoutMs: 100, connectionsPerSubgraph: 2 });
    try {
      const source = new SubgraphDataSource('households', subgraph.url, { transport: impatient, shareInflight: true });
      await expect(call(source, subgraph.url, county, 'a', REGION_QUERY)).rejects.toThrow();
    } finally {
      await impatient.close();
      await subgraph.close();
    }
  });
});
