import { signUserToken } from '@epg/auth';
import { startGatewayOnly, type GatewayOnly } from '../support';

function preflight(url: string, origin: string): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, x-request-id, apollo-require-preflight',
    },
  });
}

describe('CORS at the gateway', () => {
  describe('development default: local origins', () => {
    let gateway: GatewayOnly;
    beforeAll(async () => {
      gateway = await startGatewayOnly({ NODE_ENV: 'development' });
    });
    afterAll(() => gateway?.stop());

    it('answers a preflight from a local origin 204 with credentials and the headers the graph uses', async () => {
      const response = await preflight(gateway.url, 'http://localhost:5173');
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      const allowed = response.headers.get('access-control-allow-headers')?.split(/,\s*/) ?? [];
      expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-request-id', 'apollo-require-preflight']));
      expect(response.headers.get('vary')).toMatch(/origin/i);
    });

    it('gives no Access-Control-Allow-Origin to another origin', async () => {
      const response = await preflight(gateway.url, 'https://evil.example');
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const post = await fetch(gateway.url, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json', authorization: 'Bearer x' },
        body: '{"query":"{ __typename }"}',
      });
      expect(post.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('lets an allowed origin read the answer of a real call and its request id', async () => {
      const token = await signUserToken({ subject: 'cors', role: 'COUNTY', regionCode: '360323' }, gateway.auth);
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { origin: 'http://127.0.0.1:8080', 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"query":"{ __typename }"}',
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
      expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
    });
  });

  describe('configured allow-list (CORS_ORIGINS)', () => {
    let gateway: GatewayOnly;
    beforeAll(async () => {
      gateway = await startGatewayOnly({ NODE_ENV: 'development', CORS_ORIGINS: 'https://app.jyfp.example.gov.cn' });
    });
    afterAll(() => gateway?.stop());

    it('admits the configured origin and no longer the local ones', async () => {
      const ok = await preflight(gateway.url, 'https://app.jyfp.example.gov.cn');
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.jyfp.example.gov.cn');
      const local = await preflight(gateway.url, 'http://localhost:5173');
      expect(local.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
