import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { internalBodyHash, signInternalToken, type AuthConfig, type Principal } from '@epg/auth';
import type { AuthOutcome } from './authenticate';

export interface GatewayContext {
  principal: Principal;
  /** Ours, assigned per request (never the caller's): the audit entries and logs carry it. */
  requestId: string;
  /** The `x-request-id` the caller sent, when bounded printable ASCII: logged and audited beside ours. */
  clientRequestId: string | null;
  /**
   * Signs the internal token for one subgraph call: bound to that subgraph and the exact body
   * sent, short-lived (never one token for the whole request: it could be replayed elsewhere).
   */
  internalToken(subgraph: string, body: string): Promise<string>;
  logger: Logger;
}

/**
 * The gateway's id of a request: always its own. A caller-chosen id would let a caller make its
 * audit entries look like another request's (or collide with them on purpose).
 */
export function newRequestId(): string {
  return randomUUID();
}

/** Printable ASCII (space to `~`), at most 128 characters. */
const CLIENT_REQUEST_ID = /^[\x20-\x7e]{1,128}$/;

/**
 * The caller's own `x-request-id`, for correlating with its logs: kept (as `clientRequestId`)
 * when it is bounded printable ASCII, dropped otherwise (no control characters reach a log line).
 */
export function clientRequestIdFrom(header: string | undefined): string | null {
  return header !== undefined && CLIENT_REQUEST_ID.test(header) ? header : null;
}

/** No verified principal → no data (the outcome's UNAUTHENTICATED error, HTTP 401). */
export async function createGatewayContext(
  outcome: AuthOutcome,
  ids: { requestId: string; clientRequestId: string | null },
  auth: AuthConfig,
  logger: Logger,
): Promise<GatewayContext> {
  if ('error' in outcome) throw outcome.error;
  const { principal } = outcome;
  const { requestId, clientRequestId } = ids;
  const call = { principal, requestId, ...(clientRequestId ? { clientRequestId } : {}) };
  const internalToken = (subgraph: string, body: string) =>
    signInternalToken(call, { audience: subgraph, bodyHash: internalBodyHash(body) }, auth);
  return {
    principal,
    requestId,
    clientRequestId,
    internalToken,
    logger: logger.child({ requestId, ...(clientRequestId ? { clientRequestId } : {}), subject: principal.subject }),
  };
}
