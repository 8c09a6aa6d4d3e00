import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import { bearerToken, TokenError, verifyUserToken, type AuthConfig, type Principal } from '@epg/auth';

/** What the caller's Authorization header proved: a principal, or why not. */
export type AuthOutcome = { principal: Principal } | { error: GraphQLError };

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Verifies the caller's JWT; no token → no principal. */
export async function authenticate(authorization: string | undefined, auth: AuthConfig): Promise<AuthOutcome> {
  const token = bearerToken(authorization);
  if (!token) return { error: unauthenticated('a bearer token is required') };
  try {
    return { principal: await verifyUserToken(token, auth) };
  } catch (err) {
    if (err instanceof TokenError) return { error: unauthenticated(err.message) };
    throw err;
  }
}

const OUTCOME = 'epgAuthOutcome';

/**
 * Verifies the caller once, before anything else reads the request: the rate limiter and the
 * trusted-documents check key on the principal; the GraphQL context refuses a failed outcome (401).
 */
export function authenticateRequests(auth: AuthConfig): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    authenticate(req.header('authorization'), auth).then(
      (outcome) => {
        res.locals[OUTCOME] = outcome;
        next();
      },
      (err: unknown) => next(err),
    );
  };
}

export function authOutcome(res: Response): AuthOutcome {
  const outcome = res.locals[OUTCOME] as AuthOutcome | undefined;
  return outcome ?? { error: unauthenticated('a bearer token is required') };
}

export function principalOf(res: Response): Principal | undefined {
  const outcome = authOutcome(res);
  return 'principal' in outcome ? outcome.principal : undefined;
}
