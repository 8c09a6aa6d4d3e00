import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { principalSchema, type Principal, type PrincipalClaims } from './principal';
import type { AuthConfig } from './config';

const ALG = 'HS256';
const INTERNAL_ISSUER = 'epg-gateway';

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

/**
 * Verifies signature, issuer, audience and lifetime. `exp` is required of every token: one without
 * it would be valid forever. `maxAgeSeconds` also bounds the age from `iat`, whatever `exp` says.
 */
async function verify(token: string, secret: string, issuer: string, audience: string, maxAgeSeconds?: number) {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer,
      audience,
      algorithms: [ALG],
      requiredClaims: maxAgeSeconds === undefined ? ['exp'] : ['exp', 'iat'],
      ...(maxAgeSeconds === undefined ? {} : { maxTokenAge: maxAgeSeconds }),
    });
    return payload;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new TokenError('token has expired');
    if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'exp') throw new TokenError('token has no expiry (exp)');
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

/** What the gateway forwards to subgraphs: the verified principal plus the request id. */
export interface InternalCall {
  principal: Principal;
  /** The gateway's own request id. */
  requestId: string;
  /** The `x-request-id` the caller sent (checked by the gateway), kept apart from ours; absent when none. */
  clientRequestId?: string;
}

/**
 * What one internal token is good for: one subgraph (`audience`, its name) and one request body
 * (`bodyHash`, see `internalBodyHash`). A token captured on the pod network cannot be replayed on
 * another subgraph nor with another query, and dies within `INTERNAL_TOKEN_TTL_SECONDS`.
 */
export interface InternalTokenBinding {
  audience: string;
  bodyHash: string;
}

/** The body hash an internal token carries: sha256 (base64url) of the exact bytes sent (UTF-8). */
export function internalBodyHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** The audience of the token for subgraph `name`. */
export function internalAudience(subgraph: string): string {
  return `epg-subgraph:${subgraph}`;
}

export async function signInternalToken(
  call: InternalCall,
  binding: InternalTokenBinding,
  config: Pick<AuthConfig, 'INTERNAL_TOKEN_SECRET' | 'INTERNAL_TOKEN_TTL_SECONDS'>,
): Promise<string> {
  return new SignJWT({
    ...principalClaims(call.principal),
    rid: call.requestId,
    ...(call.clientRequestId ? { crid: call.clientRequestId } : {}),
    bh: binding.bodyHash,
  })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(call.principal.subject)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(internalAudience(binding.audience))
    .setIssuedAt()
    .setExpirationTime(`${config.INTERNAL_TOKEN_TTL_SECONDS}s`)
    .sign(key(config.INTERNAL_TOKEN_SECRET));
}

/** A verified internal call, with the body hash the caller's body must still be checked against. */
export interface VerifiedInternalCall extends InternalCall {
  bodyHash: string;
}

/**
 * Verifies an internal token for subgraph `audience` (signature, audience, expiry, age): done on the
 * header alone, before the body is read. The body must then match `bodyHash` (`assertInternalBody`).
 */
export async function verifyInternalToken(
  token: string,
  audience: string,
  config: Pick<AuthConfig, 'INTERNAL_TOKEN_SECRET' | 'INTERNAL_TOKEN_TTL_SECONDS'>,
): Promise<VerifiedInternalCall> {
  const payload = await verify(token, config.INTERNAL_TOKEN_SECRET, INTERNAL_ISSUER, internalAudience(audience), config.INTERNAL_TOKEN_TTL_SECONDS);
  if (typeof payload.bh !== 'string' || payload.bh === '') throw new TokenError('token is not bound to a request body');
  return {
    principal: principalFromClaims(payload),
    requestId: typeof payload.rid === 'string' ? payload.rid : 'unknown',
    ...(typeof payload.crid === 'string' ? { clientRequestId: payload.crid } : {}),
    bodyHash: payload.bh,
  };
}

/** Refuses a body other than the one the token was signed for. */
export function assertInternalBody(call: VerifiedInternalCall, body: string | Uint8Array): void {
  if (internalBodyHash(body) !== call.bodyHash) throw new TokenError('token was signed for another request body');
}

/** `Authorization: Bearer x` → x; anything else → null. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}
