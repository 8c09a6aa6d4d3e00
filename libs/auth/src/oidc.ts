import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { principalSchema, ROLES, type Principal, type Role } from './principal';
import type { AuthConfig } from './config';
import { TokenError, verifyUserToken } from './tokens';

/**
 * A department's own identity provider (OpenID Connect): its tokens are verified with the keys it
 * publishes at OIDC_JWKS_URL (asymmetric only: a shared secret never crosses to another
 * organisation), and their claims are mapped to a principal by configuration.
 */
export interface OidcSettings {
  issuer: string;
  jwksUrl: string;
  audience: string;
  algorithms: string[];
  claims: { subject: string; role: string; region: string; scopes: string; school: string };
  /** Roles an OIDC token may carry; anything else is refused (default INTEGRATION only). */
  allowedRoles: Role[];
  /** Seconds before an unknown key id makes the key set be fetched again (key rotation). */
  jwksCooldownSeconds: number;
  /** Seconds a fetched key set is kept at most. */
  jwksMaxAgeSeconds: number;
}

/** The OIDC settings of an auth configuration, or undefined when no provider is configured. */
export function oidcSettings(config: AuthConfig): OidcSettings | undefined {
  if (!config.OIDC_ISSUER || !config.OIDC_JWKS_URL || !config.OIDC_AUDIENCE) return undefined;
  return {
    issuer: config.OIDC_ISSUER,
    jwksUrl: config.OIDC_JWKS_URL,
    audience: config.OIDC_AUDIENCE,
    algorithms: config.OIDC_ALGORITHMS,
    claims: {
      subject: config.OIDC_SUBJECT_CLAIM,
      role: config.OIDC_ROLE_CLAIM,
      region: config.OIDC_REGION_CLAIM,
      scopes: config.OIDC_SCOPES_CLAIM,
      school: config.OIDC_SCHOOL_CLAIM,
    },
    allowedRoles: config.OIDC_ALLOWED_ROLES,
    jwksCooldownSeconds: config.OIDC_JWKS_COOLDOWN_SECONDS,
    jwksMaxAgeSeconds: config.OIDC_JWKS_MAX_AGE_SECONDS,
  };
}

/** A claim by name, or by a dotted path into nested claims (`realm_access.roles`). */
export function claimAt(payload: JWTPayload, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A list claim: an array of strings, or one space-separated string (the OAuth `scope` claim). */
function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

/**
 * The principal an OIDC token states, by the configured claim names. The role claim may be one
 * value or a list (the first allowed role wins, compared case-insensitively); scopes other than
 * `area:action` ones (`openid`, `profile` …) are dropped, they grant nothing here.
 */
export function principalFromOidcClaims(payload: JWTPayload, settings: OidcSettings): Principal {
  const roles = stringList(claimAt(payload, settings.claims.role)).map((r) => r.toUpperCase());
  const role = roles.find((r): r is Role => (ROLES as readonly string[]).includes(r) && settings.allowedRoles.includes(r as Role));
  if (!role) {
    throw new TokenError(`token claims are invalid: ${settings.claims.role} names no role this provider may grant (${settings.allowedRoles.join(', ')})`);
  }
  const parsed = principalSchema.safeParse({
    subject: claimAt(payload, settings.claims.subject),
    role,
    regionCode: claimAt(payload, settings.claims.region),
    scopes: stringList(claimAt(payload, settings.claims.scopes)).filter((s) => /^[a-z]+:[a-z-]+$/.test(s)),
    schoolId: claimAt(payload, settings.claims.school),
  });
  if (!parsed.success) {
    throw new TokenError(`token claims are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Verifies tokens of one OIDC provider; the key set is fetched once and again on an unknown key id (rotation). */
export function createOidcVerifier(settings: OidcSettings): (token: string) => Promise<Principal> {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl), {
    cooldownDuration: settings.jwksCooldownSeconds * 1000,
    cacheMaxAge: settings.jwksMaxAgeSeconds * 1000,
    timeoutDuration: 5000,
  });
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: settings.algorithms,
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new TokenError('token has expired');
      if (err instanceof joseErrors.JWKSNoMatchingKey) throw new TokenError('token is signed by a key the identity provider does not publish');
      if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) throw new TokenError(`the identity provider's keys are unavailable (${err.code})`);
      if (err instanceof joseErrors.JOSEError) throw new TokenError(`token is not valid (${err.code})`);
      // A network failure fetching the key set: the caller is not authenticated, the gateway keeps serving.
      throw new TokenError(`the identity provider's keys are unavailable (${err instanceof Error ? err.message : String(err)})`);
    }
    return principalFromOidcClaims(payload, settings);
  };
}

/**
 * Verifies a caller's token: the configured OIDC provider's when the token names its issuer,
 * otherwise one of ours (HS256, AUTH_JWT_SECRET; `npm run token` in development). The issuer is
 * read unverified only to choose the verifier; each verifier checks issuer, algorithm and
 * signature itself (an HS256 token claiming the provider's issuer fails the provider's check).
 */
export function createCallerVerifier(config: AuthConfig): (token: string) => Promise<Principal> {
  const settings = oidcSettings(config);
  const oidc = settings ? createOidcVerifier(settings) : undefined;
  return async (token) => {
    if (oidc && settings) {
      let issuer: unknown;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        throw new TokenError('token is not valid (ERR_JWT_INVALID)');
      }
      if (issuer === settings.issuer) return oidc(token);
    }
    return verifyUserToken(token, config);
  };
}
