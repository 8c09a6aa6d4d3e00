import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import { logRedaction } from './log-redaction';

export type { Logger } from 'pino';

/** What every log line written while serving one request carries. */
export interface RequestScope {
  requestId: string;
  /** The id the caller sent, kept apart from ours (the gateway's); absent when none or unusable. */
  clientRequestId?: string | null;
}

const requestScope = new AsyncLocalStorage<RequestScope>();

/**
 * Runs `fn` (and everything it starts asynchronously) inside a request's scope: every log line
 * written meanwhile, by any logger made with `createLogger` or its children, carries its
 * `requestId` — also the lines of the error formatters and Apollo's own logger, which have no
 * request context. The scope object may be updated (e.g. once the internal token is verified).
 */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return requestScope.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return requestScope.getStore();
}

const boundRequestId = new WeakMap<object, boolean>();

/** A child logger that already binds `requestId` (the context's) does not get it twice. */
function bindsRequestId(logger: object): boolean {
  let known = boundRequestId.get(logger);
  if (known === undefined) {
    known = 'requestId' in ((logger as Logger).bindings?.() ?? {});
    boundRequestId.set(logger, known);
  }
  return known;
}

/** Structured JSON logs (stdout unless a destination is given); secrets and ID numbers never reach them. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    mixin: (_object, _level, logger) => {
      const scope = requestScope.getStore();
      if (!scope || bindsRequestId(logger)) return {};
      return scope.clientRequestId ? { requestId: scope.requestId, clientRequestId: scope.clientRequestId } : { requestId: scope.requestId };
    },
    // No token, full ID number or failed statement's values reaches a log line (log-redaction.ts).
    ...logRedaction,
  };
  return destination ? pino(options, destination) : pino(options);
}
