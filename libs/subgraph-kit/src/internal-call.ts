import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { assertInternalBody, TokenError, verifyInternalToken, type AuthConfig, type VerifiedInternalCall } from '@epg/auth';
import { express, sendGraphQLError } from './http';

export const INTERNAL_TOKEN_HEADER = 'x-epg-internal-token';

/** `res.locals` keys: the verified call, and whether the body read matched its hash. */
const CALL = 'epgInternalCall';
const BODY_BOUND = 'epgInternalBodyBound';

/** What a body the token was not signed for fails with (see `jsonErrorHandler`). */
export class UnboundBodyError extends Error {
  readonly status = 401;
  readonly type = 'internal.token.body';
  constructor(message: string) {
    super(message);
  }
}

/**
 * Step 1, on the header alone and before any byte of the body is read: the gateway's internal
 * token, signed for this subgraph (`audience`), unexpired. Anything else is 401 at once — an
 * unauthenticated caller never gets a body parsed.
 */
export function checkInternalToken(subgraph: string, auth: Pick<AuthConfig, 'INTERNAL_TOKEN_SECRET' | 'INTERNAL_TOKEN_TTL_SECONDS'>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = req.header(INTERNAL_TOKEN_HEADER);
    if (!token) return sendGraphQLError(res, 401, 'UNAUTHENTICATED', 'subgraphs accept only calls signed by the gateway');
    verifyInternalToken(token, subgraph, auth).then(
      (call) => {
        res.locals[CALL] = call;
        next();
      },
      (err: unknown) => (err instanceof TokenError ? sendGraphQLError(res, 401, 'UNAUTHENTICATED', err.message) : next(err)),
    );
  };
}

/**
 * Step 2: reads the JSON body (up to `limit`) and refuses it unless its bytes are the ones the
 * token was signed for (sha256). A GET, an empty body or another content type is refused too:
 * the gateway only ever POSTs JSON.
 */
export function readBoundBody(limit: string): RequestHandler[] {
  const parse = express.json({
    limit,
    verify: (_req, res, buf) => {
      const call = (res as Response).locals[CALL] as VerifiedInternalCall;
      try {
        assertInternalBody(call, buf);
      } catch (err) {
        if (err instanceof TokenError) throw new UnboundBodyError(err.message);
        throw err;
      }
      (res as Response).locals[BODY_BOUND] = true;
    },
  });
  const requireBound: RequestHandler = (_req, res, next) => {
    if (res.locals[BODY_BOUND] !== true) return sendGraphQLError(res, 401, 'UNAUTHENTICATED', 'subgraphs accept only JSON bodies signed by the gateway');
    next();
  };
  return [parse, requireBound];
}

export function internalCallOf(res: Response): VerifiedInternalCall {
  return res.locals[CALL] as VerifiedInternalCall;
}
