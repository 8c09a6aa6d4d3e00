import type { Logger } from 'pino';
import { INTERNAL_TOKEN_HEADER } from '@epg/subgraph-kit';

/** Paths censored wherever the gateway logs (pino redaction). */
export const REDACTED_PATHS = [
  'authorization',
  'token',
  'internalToken',
  'idNumber',
  'variables',
  'headers.authorization',
  `headers["${INTERNAL_TOKEN_HEADER}"]`,
  'req.headers.authorization',
  `req.headers["${INTERNAL_TOKEN_HEADER}"]`,
  'request.variables',
  'request.http.headers',
  '*.authorization',
  '*.token',
  '*.internalToken',
  '*.idNumber',
  '*.variables',
  '*.*.idNumber',
];

/** A resident ID number (GB 11643: 17 digits and a check character), a JWT, a bearer credential. */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[token]'],
  [/\bBearer\s+\S+/gi, 'Bearer [token]'],
  [/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, '[id-number]'],
];

export function scrubText(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** Scrubs every string in a log record (plain objects, arrays and errors). */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: scrubText(value.message) };
    if (value.stack) out.stack = scrubText(value.stack);
    for (const [k, v] of Object.entries(value)) {
      // A GraphQLError's source and AST nodes repeat the caller's document: not logged.
      if (k !== 'source' && k !== 'nodes' && k !== 'positions') out[k] = scrubValue(v, depth + 1);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, depth + 1)]));
}

/**
 * The gateway's logger: no Authorization header, token (user or internal) or ID number reaches the
 * logs — known paths are censored, and any string that looks like one is masked.
 */
export function redactingLogger(logger: Logger): Logger {
  return logger.child(
    {},
    {
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { log: (record) => scrubValue(record) as Record<string, unknown> },
    },
  );
}

/** Apollo Server / Gateway log plain strings: the same masking applies to them. */
export function apolloLogger(logger: Logger): { debug(m: unknown): void; info(m: unknown): void; warn(m: unknown): void; error(m: unknown): void } {
  const text = (m: unknown) => scrubText(m instanceof Error ? m.message : String(m));
  return {
    debug: (m) => logger.debug(text(m)),
    info: (m) => logger.info(text(m)),
    warn: (m) => logger.warn(text(m)),
    error: (m) => logger.error(text(m)),
  };
}
