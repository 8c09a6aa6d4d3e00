import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { express } from '@epg/subgraph-kit';

/** Where the explorer's assets are served (outside `/graphql`: no authentication, no rate limit). */
export const EXPLORER_ASSET_PATH = '/explorer';

/**
 * The GraphiQL bundle of `@graphql-yoga/render-graphiql`: GraphiQL, React and the Monaco editor
 * with its workers in one file, no network access of its own. Loaded on the first page view only
 * (≈ 9 MB of text).
 */
interface GraphiQLBundle {
  js: string;
  css: string;
  favicon: string;
  editorWorkerService: string;
  jsonWorker: string;
  graphqlWorker: string;
}

let bundle: GraphiQLBundle | undefined;
function graphiql(): GraphiQLBundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  bundle ??= require('@graphql-yoga/render-graphiql/graphiql') as GraphiQLBundle;
  return bundle;
}

interface Asset {
  type: string;
  body: () => string | Buffer;
}

/** The favicon ships as a data URL; served as a file so the page references same-origin paths only. */
function faviconBytes(): Buffer {
  const [, base64] = graphiql().favicon.split(',', 2);
  return Buffer.from(base64 ?? '', 'base64');
}

/**
 * The page's own start-up script (no inline script: the page's Content-Security-Policy allows
 * same-origin scripts only). Reads its options from the JSON block of the page.
 */
const INIT_SCRIPT = `(function () {
  var base = ${JSON.stringify(EXPLORER_ASSET_PATH)};
  var workers = {
    editorWorkerService: base + '/editor.worker.js',
    json: base + '/json.worker.js',
    graphql: base + '/graphql.worker.js',
  };
  self['MonacoEnvironment'] = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) { return workers[label] || workers.editorWorkerService; },
  };
  var options = JSON.parse(document.getElementById('explorer-options').textContent);
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
})();
`;

const ASSETS: Record<string, Asset> = {
  'graphiql.js': { type: 'text/javascript; charset=utf-8', body: () => graphiql().js },
  'graphiql.css': { type: 'text/css; charset=utf-8', body: () => graphiql().css },
  'editor.worker.js': { type: 'text/javascript; charset=utf-8', body: () => graphiql().editorWorkerService },
  'json.worker.js': { type: 'text/javascript; charset=utf-8', body: () => graphiql().jsonWorker },
  'graphql.worker.js': { type: 'text/javascript; charset=utf-8', body: () => graphiql().graphqlWorker },
  'init.js': { type: 'text/javascript; charset=utf-8', body: () => INIT_SCRIPT },
  'favicon.ico': { type: 'image/x-icon', body: faviconBytes },
};

/** What the header editor starts with and what the page tells a visitor: every call needs a token. */
const TOKEN_NOTE = [
  '# Every operation (introspection included) needs a bearer token.',
  '# Development: `npm run token -- --role COUNTY --region 360323` prints one;',
  '# paste it into the Headers tab below: {"Authorization": "Bearer <token>"},',
  '# then re-fetch the schema (the circular-arrow button, or Shift-Ctrl-R) for the docs.',
  '# Elsewhere: a token from your identity provider (see docs/integrations.md).',
  '',
  'query Region {',
  '  region(code: "360323") {',
  '    code',
  '    name',
  '    level',
  '  }',
  '}',
  '',
].join('\n');

export interface ExplorerOptions {
  /** The GraphQL endpoint the explorer calls (same origin). */
  endpoint: string;
}

function escapeJsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The page: same-origin references only (assets under EXPLORER_ASSET_PATH, the endpoint). */
export function explorerPage(options: ExplorerOptions): string {
  const graphiqlOptions = {
    title: 'Education poverty-alleviation graph',
    endpoint: options.endpoint,
    defaultQuery: TOKEN_NOTE,
    headers: JSON.stringify({ Authorization: 'Bearer <paste the output of npm run token>' }, null, 2),
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
    // A token pasted once is not written to localStorage: the explorer may run on a shared machine.
    shouldPersistHeaders: false,
    credentials: 'same-origin',
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Education poverty-alleviation graph · explorer</title>
    <link rel="icon" href="${EXPLORER_ASSET_PATH}/favicon.ico" />
    <link rel="stylesheet" href="${EXPLORER_ASSET_PATH}/graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>The explorer needs JavaScript. A bearer token is required: run npm run token (development).</noscript>
    <div id="root"></div>
    <script type="application/json" id="explorer-options">${escapeJsonForHtml(graphiqlOptions)}</script>
    <script src="${EXPLORER_ASSET_PATH}/graphiql.js"></script>
    <script src="${EXPLORER_ASSET_PATH}/init.js"></script>
  </body>
</html>
`;
}

/**
 * Nothing leaves the origin: scripts, styles, workers and calls are same-origin (Monaco sets
 * inline styles and builds fonts and images as data: URLs).
 */
export const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A browser asking for a page (GET, HTML preferred over JSON), not a GraphQL client doing a GET. */
export function wantsExplorer(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (typeof req.query.query === 'string') return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

const etags = new Map<string, string>();
function sendAsset(res: Response, name: string, asset: Asset): void {
  const body = asset.body();
  let etag = etags.get(name);
  if (!etag) {
    etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    etags.set(name, etag);
  }
  res.setHeader('content-type', asset.type);
  res.setHeader('cache-control', 'public, max-age=3600');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('etag', etag);
  res.send(body);
}

/**
 * The self-hosted GraphiQL: the page at GET `/graphql` (browsers) and its assets under
 * EXPLORER_ASSET_PATH, every byte from npm packages, so it works on a network without internet
 * (Apollo's landing page loads from Apollo's CDN). A GraphQL GET (`?query=`) or a JSON client
 * passes through to the graph.
 */
export function explorer(options: ExplorerOptions): { page: RequestHandler; assets: RequestHandler } {
  const html = explorerPage(options);
  const assets = express.Router();
  assets.get('/:file', (req, res, next) => {
    const name = String(req.params.file);
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) return next();
    sendAsset(res, name, asset);
  });
  const page: RequestHandler = (req, res, next) => {
    if (req.path !== '/' || !wantsExplorer(req)) return next();
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('content-security-policy', EXPLORER_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-cache');
    res.send(html);
  };
  return { page, assets };
}

/** Every asset file name (for tests and the offline check). */
export const EXPLORER_ASSETS = Object.keys(ASSETS);
