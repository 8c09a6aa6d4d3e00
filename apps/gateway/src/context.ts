import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { signInternalToken, type AuthConfig, type Principal } from '@epg/auth';
import type { AuthOutcome } from './authenticate';

export interface GatewayContext {
  principal: Principal;
  requestId: string;
  /** Signed once per request, sent to every subgraph the plan calls. */
  internalToken: string;
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
  const internalToken = await signInternalToken({ principal, requestId }, auth);
  return { principal, requestId, internalToken, logger: logger.child({ requestId, subject: principal.subject }) };
}
