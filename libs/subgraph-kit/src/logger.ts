import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';
import { logRedaction } from './log-redaction';

export type { Logger } from 'pino';

/** What every log line written while serving one request carries. */
export interface RequestScope {
  requestId: string;
  /** The id the caller sent, kept apart from ours (the gateway's); absent when none or unusable. */
  clientRequestId?: string | null;
  /**
   * Served to one of our services' background reads (a SERVICE credential: a projection consumer
   * following this service's feed), not to a person's request: statement counts leave it out.
   */
  background?: boolean;
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

/** The service a logger writes for: the root's, or the one a child names (`child({ service })`). */
const SERVICE = Symbol('epg.service');
type ServiceLogger = Logger & { [SERVICE]?: string };

/**
 * The active OpenTelemetry span's ids (when tracing is on and a span is active: every line written
 * while serving a traced request), so a log line leads to its trace and back.
 */
function traceFields(): { traceId?: string; spanId?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? { traceId: context.traceId, spanId: context.spanId } : {};
}

/**
 * Structured JSON logs (stdout unless a destination is given); secrets and ID numbers never reach them.
 *
 * Every line carries exactly one `service`: the process's (or the one a child logger names with
 * `child({ service })`, as the in-process graph does). A line that mentions another service in
 * its object (`logger.warn({ service: 'households' }, 'subgraph unavailable')` on the gateway)
 * gets it as `peer.service` (OpenTelemetry's name for the remote service), so log tools never
 * file a gateway line under a subgraph. Also on every line: `requestId` inside a request, and
 * `traceId`/`spanId` of the active span.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    // `service` is written by the mixin, never as a binding: a binding and a log field of the same
    // name would both be written.
    base: {},
    mixin: (_object, _level, logger) => {
      const scope = requestScope.getStore();
      return {
        service: (logger as ServiceLogger)[SERVICE] ?? service,
        ...(scope && !bindsRequestId(logger)
          ? { requestId: scope.requestId, ...(scope.clientRequestId ? { clientRequestId: scope.clientRequestId } : {}) }
          : {}),
        ...traceFields(),
      };
    },
    mixinMergeStrategy: (mergeObject, mixinObject) => {
      const object = mergeObject as Record<string, unknown>;
      const mixin = mixinObject as Record<string, unknown>;
      if (!('service' in object)) return Object.assign(mixin, object);
      const { service: peer, ...rest } = object;
      return Object.assign(mixin, peer === mixin.service || peer === undefined ? {} : { 'peer.service': peer }, rest);
    },
    // No token, full ID number or failed statement's values reaches a log line (log-redaction.ts).
    ...logRedaction,
  };
  const root = (destination ? pino(options, destination) : pino(options)) as ServiceLogger;
  root[SERVICE] = service;
  // A child naming a service writes for it (one `service` key, not two); children inherit this.
  const pinoChild = root.child as unknown as (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;
  const serviceChild = function (this: ServiceLogger, bindings: pino.Bindings, childOptions?: pino.ChildLoggerOptions) {
    const { service: named, ...rest } = bindings as { service?: unknown };
    const made = pinoChild.call(this, rest, childOptions) as unknown as ServiceLogger;
    if (typeof named === 'string') made[SERVICE] = named;
    return made;
  };
  (root as unknown as { child: typeof serviceChild }).child = serviceChild;
  return root;
}
