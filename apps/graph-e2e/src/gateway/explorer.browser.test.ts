import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestGraph, type TestGraph } from '../support';

/**
 * The explorer in a real browser with the network cut (issue 22): headless Chromium resolves no
 * host but the gateway's, and every request that leaves the gateway's origin is recorded and
 * refused. The page must load, take a pasted token in its header editor and run a query.
 *
 * Needs the system's Chromium (Debian package `chromium`; CHROMIUM_PATH to point elsewhere), so it
 * runs on demand: `npm run test:browser` — not in `npm test`, whose machine may have no browser.
 */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags of a browser on a closed network: nothing resolves except loopback, no background calls. */
const OFFLINE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/** The text `read` answers once it contains `wanted` (GraphiQL renders the response asynchronously). */
async function eventually(read: () => Promise<string>, wanted: string, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < until) {
    text = (await read()).replace(/\u00a0/g, ' '); // Monaco renders spaces as no-break spaces
    if (text.includes(wanted)) return text;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return text;
}

describe('the explorer in a browser on a network without internet', () => {
  let graph: TestGraph;
  let browser: Browser;
  let page: Page;
  const leftTheOrigin: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    graph = await startTestGraph();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: OFFLINE_FLAGS });
    const context = await browser.newContext();
    const origin = new URL(graph.gatewayUrl).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      leftTheOrigin.push(url);
      return route.abort('internetdisconnected');
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await graph?.stop();
  });

  /** Replaces a GraphiQL editor's text as a paste would (select all, then insert). */
  async function pasteInto(editor: ReturnType<Page['locator']>, text: string): Promise<void> {
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }

  it('loads from the gateway alone, takes a pasted token and runs its example query', async () => {
    await page.goto(graph.gatewayUrl, { waitUntil: 'load' });
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 60_000 });

    const token = await graph.token({ role: 'COUNTY', regionCode: '360323' });
    await page.getByRole('button', { name: /headers/i }).first().click();
    const headersEditor = page.locator('.graphiql-editor-tool .graphiql-editor').last();
    await pasteInto(headersEditor, JSON.stringify({ Authorization: `Bearer ${token}` }));

    await page.locator('.graphiql-execute-button').click();
    const text = await eventually(() => page.locator('.graphiql-response').innerText(), '"level": "COUNTY"');
    expect(text).toContain('"level": "COUNTY"');
    expect(text).toContain('"code": "360323"');
    expect(text).not.toContain('"errors"');
    expect(leftTheOrigin).toEqual([]);
  }, 120_000);

  it('without a token the query is refused with UNAUTHENTICATED, shown in the response pane', async () => {
    const headersEditor = page.locator('.graphiql-editor-tool .graphiql-editor').last();
    await pasteInto(headersEditor, '{}');
    await page.locator('.graphiql-execute-button').click();
    expect(await eventually(() => page.locator('.graphiql-response').innerText(), 'UNAUTHENTICATED')).toContain('UNAUTHENTICATED');
    expect(leftTheOrigin).toEqual([]);
  }, 60_000);
});
