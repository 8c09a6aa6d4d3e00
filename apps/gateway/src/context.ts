import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { internalBodyHash, signInternalToken, type AuthConfig, type Principal } from '@epg/auth';
import type { AuthOutcome } from './authenticate';

export interface GatewayContext {
  principal: Principal;
  requestId: string;
  /**
   * Signs the internal token for one subgraph call: bound to that subgraph and the exact body
   * sent, short-lived (never one token for the whole request: it could be replayed elsewhere).
   */
  internalToken(subgraph: string, body: string): Promise<string>;
  logger: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdFrom(header: string | undefined): string {
  return header && REQUEST_ID.test(header) ? header : randomUUID();
}

/** No verified principal → no data (the outcome's UNAUTHENTICATED error, HTTP 401). */
export async function createGatewayContext(
  outcome: AuthOutcome,
  requestId: string,
  auth: AuthConfig,
  logger: Logger,
): Promise<GatewayContext> {
  if ('error' in outcome) throw outcome.error;
  const { principal } = outcome;
  const internalToken = (subgraph: string, body: string) =>
    signInternalToken({ principal, requestId }, { audience: subgraph, bodyHash: internalBodyHash(body) }, auth);
  return { principal, requestId, internalToken, logger: logger.child({ requestId, subject: principal.subject }) };
}
