import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import {
  bearerToken,
  signInternalToken,
  TokenError,
  verifyUserToken,
  type AuthConfig,
  type Principal,
} from '@epg/auth';

export interface GatewayContext {
  principal: Principal;
  requestId: string;
  /** Signed once per request, sent to every subgraph the plan calls. */
  internalToken: string;
  logger: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Verifies the caller's JWT; no token → no data. */
export async function createGatewayContext(
  headers: { authorization?: string; requestId?: string },
  auth: AuthConfig,
  logger: Logger,
): Promise<GatewayContext> {
  const requestId = headers.requestId && REQUEST_ID.test(headers.requestId) ? headers.requestId : randomUUID();
  const token = bearerToken(headers.authorization);
  if (!token) throw unauthenticated('a bearer token is required');
  let principal: Principal;
  try {
    principal = await verifyUserToken(token, auth);
  } catch (err) {
    if (err instanceof TokenError) throw unauthenticated(err.message);
    throw err;
  }
  const internalToken = await signInternalToken({ principal, requestId }, auth);
  return { principal, requestId, internalToken, logger: logger.child({ requestId, subject: principal.subject }) };
}
