import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import { bearerToken, createCallerVerifier, TokenError, type AuthConfig, type Principal } from '@epg/auth';

/** What the caller's Authorization header proved: a principal, or why not. */
export type AuthOutcome = { principal: Principal } | { error: GraphQLError };

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Checks a caller's token: ours (HS256) or the configured OpenID Connect provider's (JWKS). */
export type CallerVerifier = (token: string) => Promise<Principal>;

/** Verifies the caller's JWT; no token → no principal. */
export async function authenticate(authorization: string | undefined, verify: CallerVerifier): Promise<AuthOutcome> {
  const token = bearerToken(authorization);
  if (!token) return { error: unauthenticated('a bearer token is required') };
  try {
    return { principal: await verify(token) };
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
  // One verifier for the gateway's life: it caches the provider's key set.
  const verify = createCallerVerifier(auth);
  return (req: Request, res: Response, next: NextFunction) => {
    authenticate(req.header('authorization'), verify).then(
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
