import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { principalSchema, type Principal, type PrincipalClaims } from './principal';
import type { AuthConfig } from './config';

const ALG = 'HS256';
const INTERNAL_ISSUER = 'epg-gateway';
const INTERNAL_AUDIENCE = 'epg-subgraphs';

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/** One key object per secret (made once: every request signs and verifies with it). */
const keys = new Map<string, KeyObject>();
function key(secret: string): KeyObject {
  let made = keys.get(secret);
  if (!made) {
    made = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, made);
  }
  return made;
}

function principalClaims(p: PrincipalClaims) {
  return { role: p.role, region: p.regionCode, scopes: p.scopes, ...(p.schoolId ? { school: p.schoolId } : {}) };
}

function principalFromClaims(payload: Record<string, unknown>): Principal {
  const parsed = principalSchema.safeParse({
    subject: payload.sub,
    role: payload.role,
    regionCode: payload.region,
    scopes: payload.scopes ?? [],
    schoolId: payload.school,
  });
  if (!parsed.success) {
    throw new TokenError(`token claims are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

async function verify(token: string, secret: string, issuer: string, audience: string) {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer, audience, algorithms: [ALG] });
    return payload;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new TokenError('token has expired');
    if (err instanceof joseErrors.JOSEError) throw new TokenError(`token is not valid (${err.code})`);
    throw err;
  }
}

/** A caller's token, as issued by the identity provider (or `npm run token` in development). */
export async function signUserToken(
  principal: PrincipalClaims,
  config: Pick<AuthConfig, 'AUTH_JWT_SECRET' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE'>,
  expiresIn: string | number = '12h',
): Promise<string> {
  return new SignJWT(principalClaims(principal))
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(principal.subject)
    .setIssuer(config.AUTH_JWT_ISSUER)
    .setAudience(config.AUTH_JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(config.AUTH_JWT_SECRET));
}

export async function verifyUserToken(
  token: string,
  config: Pick<AuthConfig, 'AUTH_JWT_SECRET' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE'>,
): Promise<Principal> {
  const payload = await verify(token, config.AUTH_JWT_SECRET, config.AUTH_JWT_ISSUER, config.AUTH_JWT_AUDIENCE);
  return principalFromClaims(payload);
}

/** What the gateway forwards to subgraphs: the verified principal plus the request id, short-lived. */
export interface InternalCall {
  principal: Principal;
  /** The gateway's own request id. */
  requestId: string;
  /** The `x-request-id` the caller sent (checked by the gateway), kept apart from ours; absent when none. */
  clientRequestId?: string;
}

export async function signInternalToken(
  call: InternalCall,
  config: Pick<AuthConfig, 'INTERNAL_TOKEN_SECRET' | 'INTERNAL_TOKEN_TTL_SECONDS'>,
): Promise<string> {
  return new SignJWT({ ...principalClaims(call.principal), rid: call.requestId, ...(call.clientRequestId ? { crid: call.clientRequestId } : {}) })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(call.principal.subject)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${config.INTERNAL_TOKEN_TTL_SECONDS}s`)
    .sign(key(config.INTERNAL_TOKEN_SECRET));
}

export async function verifyInternalToken(
  token: string,
  config: Pick<AuthConfig, 'INTERNAL_TOKEN_SECRET'>,
): Promise<InternalCall> {
  const payload = await verify(token, config.INTERNAL_TOKEN_SECRET, INTERNAL_ISSUER, INTERNAL_AUDIENCE);
  return {
    principal: principalFromClaims(payload),
    requestId: typeof payload.rid === 'string' ? payload.rid : 'unknown',
    ...(typeof payload.crid === 'string' ? { clientRequestId: payload.crid } : {}),
  };
}

/** `Authorization: Bearer x` → x; anything else → null. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}
