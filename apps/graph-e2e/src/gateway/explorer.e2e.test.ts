import { startGatewayOnly, type GatewayOnly } from '../support';

/** Every URL an HTML page loads: src and href attributes. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
}

/** Network loads a script could make on its own: absolute http(s) URLs in import/fetch/src/url() positions. */
const EXTERNAL_LOAD = /(?:import\s*\(\s*|fetch\s*\(\s*|importScripts\s*\(\s*|src\s*=\s*|url\(\s*)["'`]?https?:\/\//;
const KNOWN_CDNS = /unpkg\.com|jsdelivr\.net|cdnjs|embeddable-(sandbox|explorer)|apollographql\.com|fonts\.(googleapis|gstatic)\.com/;

describe('the self-hosted explorer at GET /graphql', () => {
  let gateway: GatewayOnly;

  beforeAll(async () => {
    gateway = await startGatewayOnly({ NODE_ENV: 'development' });
  });
  afterAll(() => gateway?.stop());

  const page = () => fetch(gateway.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

  it('answers a browser with the GraphiQL page, a header editor and a note on how to get a token', async () => {
    const response = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('npm run token');
    expect(html).toContain('isHeadersEditorEnabled');
    expect(html).toContain('Authorization');
    expect(html).not.toMatch(/apollo/i);
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
  });

  it('references only same-origin assets, each served by the gateway with 200, none loading anything from elsewhere', async () => {
    const html = await (await page()).text();
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) {
      expect(url).toMatch(/^\/[^/]/); // a same-origin path, never //host or http(s)://
      const asset = await fetch(new URL(url, gateway.origin));
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
      const body = await asset.text();
      if (/\.(js|css)$/.test(url)) {
        expect(body.length).toBeGreaterThan(0);
        expect(EXTERNAL_LOAD.test(body)).toBe(false);
        expect(KNOWN_CDNS.test(body)).toBe(false);
      }
    }
    // The workers init.js points Monaco at are served too.
    const init = await (await fetch(new URL('/explorer/init.js', gateway.origin))).text();
    const workers = [...init.matchAll(/base \+ '([^']+)'/g)].map((m) => `/explorer${m[1]}`);
    expect(workers).toHaveLength(3);
    for (const worker of workers) expect((await fetch(new URL(worker, gateway.origin))).status).toBe(200);
  });

  it('leaves GraphQL clients alone: a JSON POST still needs a token, a GET with a query runs it', async () => {
    const post = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(post.status).toBe(401);
    const get = await fetch(`${gateway.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'text/html', 'apollo-require-preflight': 'true' } });
    expect(get.headers.get('content-type')).toMatch(/json/);
  });
});

describe('the explorer in production', () => {
  it('is off unless configured (EXPLORER=on)', async () => {
    const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40), INTERNAL_TOKEN_SECRET: 'y'.repeat(40) };
    const off = await startGatewayOnly(production);
    try {
      const response = await fetch(off.url, { headers: { accept: 'text/html' } });
      expect(response.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
      expect((await fetch(new URL('/explorer/graphiql.js', off.origin))).status).toBe(404);
    } finally {
      await off.stop();
    }
    const on = await startGatewayOnly({ ...production, EXPLORER: 'on' });
    try {
      const response = await fetch(on.url, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('explorer-options');
    } finally {
      await on.stop();
    }
  });
});
