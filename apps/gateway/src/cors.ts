import type { RequestHandler } from 'express';

/**
 * Headers a browser app sends to the graph: the token, JSON, its own request id (kept apart as
 * clientRequestId), Apollo's CSRF-prevention header and the operation-name header Apollo clients add.
 */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name'];

/** Response headers a browser app may read: our request id (to quote in a report) and the rate limit. */
export const CORS_EXPOSED_HEADERS = ['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'retry-after'];

/** Local origins of a developer machine: any port of localhost, 127.0.0.1 and [::1]. */
export const DEVELOPMENT_CORS_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

/** A browser caches a preflight answer for this long (seconds). */
const PREFLIGHT_MAX_AGE = 600;

/**
 * One allow-list entry: an exact origin (`https://app.example.gov.cn`) or one with any port
 * (`http://localhost:*`). Nothing else is a pattern: no `*` alone, no wildcard hosts.
 */
function originMatcher(entry: string): (origin: string) => boolean {
  const trimmed = entry.trim().replace(/\/+$/, '');
  if (trimmed.endsWith(':*')) {
    const base = trimmed.slice(0, -2).toLowerCase();
    return (origin) => {
      const lower = origin.toLowerCase();
      return lower === base || (lower.startsWith(`${base}:`) && /^\d{1,5}$/.test(lower.slice(base.length + 1)));
    };
  }
  const exact = trimmed.toLowerCase();
  return (origin) => origin.toLowerCase() === exact;
}

/** Parses CORS_ORIGINS (comma-separated). Throws on entries that are not origins. */
export function parseCorsOrigins(value: string): string[] {
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!/^https?:\/\/(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:(\d{1,5}|\*))?$/i.test(entry)) {
      throw new Error(`CORS_ORIGINS: "${entry}" is not an origin (scheme://host[:port], port may be *)`);
    }
  }
  return entries;
}

export function originAllowed(allowList: readonly string[]): (origin: string) => boolean {
  const matchers = allowList.map(originMatcher);
  return (origin) => matchers.some((m) => m(origin));
}

/**
 * CORS for the graph: origins on the allow-list get `Access-Control-Allow-Origin` (their own
 * origin, never `*`) with credentials; a preflight is answered here (204), before authentication,
 * which a preflight never passes (it carries no token). Other origins get no CORS header, so the
 * browser keeps the response from them; a preflight from them is refused (403).
 */
export function corsForOrigins(allowList: readonly string[]): RequestHandler {
  const allowed = originAllowed(allowList);
  return (req, res, next) => {
    const origin = req.header('origin');
    res.vary('Origin');
    if (!origin) return next();
    const ok = allowed(origin);
    const preflight = req.method === 'OPTIONS' && req.header('access-control-request-method') !== undefined;
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (!preflight) {
      if (ok) res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS.join(', '));
      return next();
    }
    if (!ok) {
      res.status(403).end();
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS.join(', '));
    res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE));
    res.status(204).end();
  };
}
