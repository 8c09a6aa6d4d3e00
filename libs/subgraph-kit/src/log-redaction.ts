import type { Logger, LoggerOptions } from 'pino';
import { maskIdNumbersIn } from '@epg/domain';

/**
 * What no log line may carry, whoever writes it (the gateway, a subgraph, Apollo, TypeORM's errors):
 * tokens, Authorization headers, full ID numbers, and the values of a failed statement. One
 * implementation for every process: `createLogger` builds it in, the gateway wraps the logger it
 * is given with `redactingLogger`.
 */

/** The internal token's header (also exported by server.ts; repeated here to keep this module import-free). */
const INTERNAL_TOKEN = 'x-epg-internal-token';

/** Paths censored wherever we log (pino redaction). */
export const REDACTED_PATHS = [
  'authorization',
  'token',
  'internalToken',
  'idNumber',
  'variables',
  'headers.authorization',
  `headers["${INTERNAL_TOKEN}"]`,
  'req.headers.authorization',
  `req.headers["${INTERNAL_TOKEN}"]`,
  'request.variables',
  'request.http.headers',
  '*.authorization',
  '*.token',
  '*.internalToken',
  '*.idNumber',
  '*.variables',
  '*.*.idNumber',
];

/**
 * Keys dropped from every logged object and error: a failed statement's bound values
 * (TypeORM's `QueryFailedError.parameters`) and PostgreSQL's texts that quote row values
 * (`detail`: "Key (id_number)=(…) already exists", "Failing row contains (…)"; `where`;
 * `internalQuery`). The SQL text, error code, constraint, table and column stay: enough to debug.
 */
export const DROPPED_KEYS: ReadonlySet<string> = new Set(['parameters', 'detail', 'where', 'internalQuery']);

/** A JWT and a bearer credential. */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[token]'],
  [/\bBearer\s+\S+/gi, 'Bearer [token]'],
];

/** Masks tokens, then ID numbers (`maskIdNumbersIn`, as audit images do) inside free text. */
export function scrubText(text: string): string {
  return maskIdNumbersIn(SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text));
}

/** Scrubs every string in a log record (plain objects, arrays and errors) and drops `DROPPED_KEYS`. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    // Without a prototype: pino's error serializer then reports `name` as the type, not "Object".
    const out: Record<string, unknown> = Object.assign(Object.create(null) as object, { name: value.name, type: value.name, message: scrubText(value.message) });
    if (value.stack) out.stack = scrubText(value.stack);
    for (const [k, v] of Object.entries(value)) {
      // A GraphQLError's source and AST nodes repeat the caller's document: not logged.
      if (k !== 'source' && k !== 'nodes' && k !== 'positions' && !DROPPED_KEYS.has(k)) out[k] = scrubValue(v, depth + 1);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !DROPPED_KEYS.has(k)).map(([k, v]) => [k, scrubValue(v, depth + 1)]));
}

/**
 * The pino options that enforce all of the above on a logger: known paths censored, every object
 * and error scrubbed (`formatters.log`), and the message strings and format arguments of every
 * call masked too (`hooks.logMethod`: pino writes `msg` outside the object the formatter sees).
 */
const redact = { paths: REDACTED_PATHS, censor: '[redacted]' };
const formatters = { log: (record: object) => scrubValue(record) as Record<string, unknown> };

export const logRedaction: Pick<LoggerOptions, 'redact' | 'formatters' | 'hooks'> = {
  redact,
  formatters,
  hooks: {
    logMethod(args, method) {
      const scrubbed: unknown[] = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
      // `logger.error(err)`: pino would take the message from the error, unscrubbed, as `msg`.
      if (scrubbed[0] instanceof Error) scrubbed.splice(0, 1, { err: scrubbed[0] }, ...(scrubbed.length > 1 ? [] : [scrubText(scrubbed[0].message)]));
      return method.apply(this, scrubbed as Parameters<typeof method>);
    },
  },
};

/**
 * A logger given from outside (a test's, a tool's) with the same redaction: paths censored and
 * every string scrubbed. Loggers made by `createLogger` already have it.
 */
export function redactingLogger(logger: Logger): Logger {
  return logger.child({}, { redact, formatters });
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
