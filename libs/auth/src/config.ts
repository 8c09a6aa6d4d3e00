import { z } from 'zod';
import { ROLES } from './principal';

/**
 * Development keys: good for `npm start` and tests on a developer machine,
 * refused when NODE_ENV=production.
 */
export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-change-me-0123456789';
export const DEVELOPMENT_INTERNAL_SECRET = 'development-only-internal-secret-change-me-0123456789';

/**
 * The placeholder of `infra/k8s/secret.example.yaml` (and of every template generated from it):
 * a deployment that copied the template without replacing it must not start.
 */
export const PLACEHOLDER_SECRET = 'REPLACE-with-at-least-32-random-bytes';

/** HS256 keys shorter than 32 bytes are guessable offline from one token (RFC 7518 §3.2 wants ≥ 256 bits). */
export const MIN_SECRET_BYTES = 32;

const secret = z.string().refine((value) => Buffer.byteLength(value, 'utf8') >= MIN_SECRET_BYTES, {
  message: `must be at least ${MIN_SECRET_BYTES} bytes`,
});

/** The internal token lives for one gateway→subgraph call: seconds, never minutes. */
export const MAX_INTERNAL_TOKEN_TTL_SECONDS = 30;

/** The template's placeholder, or any value still starting with its "REPLACE". */
export function isPlaceholder(value: string): boolean {
  return value.includes(PLACEHOLDER_SECRET) || /^replace\b/i.test(value.trim());
}

export const authConfigSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    AUTH_JWT_SECRET: secret.default(DEVELOPMENT_JWT_SECRET),
    AUTH_JWT_ISSUER: z.string().default('epg'),
    AUTH_JWT_AUDIENCE: z.string().default('epg-graph'),
    INTERNAL_TOKEN_SECRET: secret.default(DEVELOPMENT_INTERNAL_SECRET),
    /** Lifetime of the token the gateway signs for each subgraph call (bound to that subgraph and body). */
    INTERNAL_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(MAX_INTERNAL_TOKEN_TTL_SECONDS).default(15),

    // A department's own OpenID Connect provider (see libs/auth/src/oidc.ts, docs/integrations.md):
    // all three of issuer, key set URL and audience, or none.
    OIDC_ISSUER: z.string().min(1).optional(),
    OIDC_JWKS_URL: z.string().url().optional(),
    OIDC_AUDIENCE: z.string().min(1).optional(),
    /** Signature algorithms accepted from the provider: asymmetric ones only. */
    OIDC_ALGORITHMS: z
      .string()
      .default('RS256,ES256')
      .transform((v) => v.split(',').map((a) => a.trim()).filter(Boolean))
      .pipe(z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])).min(1)),
    /** Claim names (a dotted path reaches into nested claims) mapped to the principal. */
    OIDC_SUBJECT_CLAIM: z.string().min(1).default('sub'),
    OIDC_ROLE_CLAIM: z.string().min(1).default('role'),
    OIDC_REGION_CLAIM: z.string().min(1).default('region'),
    OIDC_SCOPES_CLAIM: z.string().min(1).default('scope'),
    OIDC_SCHOOL_CLAIM: z.string().min(1).default('school'),
    /** Roles the provider may grant (comma-separated); default INTEGRATION only. */
    OIDC_ALLOWED_ROLES: z
      .string()
      .default('INTEGRATION')
      .transform((v) => v.split(',').map((r) => r.trim().toUpperCase()).filter(Boolean))
      .pipe(z.array(z.enum(ROLES)).min(1)),
    /** An unknown key id fetches the key set again at most this often (key rotation; abuse guard). */
    OIDC_JWKS_COOLDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(30),
    /** A fetched key set is used at most this long. */
    OIDC_JWKS_MAX_AGE_SECONDS: z.coerce.number().min(1).max(86_400).default(600),
  })
  .superRefine((cfg, ctx) => {
    const oidc = [cfg.OIDC_ISSUER, cfg.OIDC_JWKS_URL, cfg.OIDC_AUDIENCE].filter((v) => v !== undefined).length;
    if (oidc !== 0 && oidc !== 3) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'set OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE together' });
    }
    if (cfg.NODE_ENV === 'production' && cfg.OIDC_JWKS_URL && !cfg.OIDC_JWKS_URL.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_JWKS_URL'], message: 'must be https in production (the keys decide who is authenticated)' });
    }
    if (cfg.NODE_ENV !== 'production') return;
    const refuse = (path: 'AUTH_JWT_SECRET' | 'INTERNAL_TOKEN_SECRET', message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (cfg.AUTH_JWT_SECRET === DEVELOPMENT_JWT_SECRET) refuse('AUTH_JWT_SECRET', 'the development key is refused in production');
    if (cfg.INTERNAL_TOKEN_SECRET === DEVELOPMENT_INTERNAL_SECRET) refuse('INTERNAL_TOKEN_SECRET', 'the development key is refused in production');
    for (const path of ['AUTH_JWT_SECRET', 'INTERNAL_TOKEN_SECRET'] as const) {
      if (isPlaceholder(cfg[path])) refuse(path, 'the placeholder of secret.example.yaml is refused in production: generate a random key');
    }
    // One key for both would let anyone holding a caller token's key mint internal tokens (and back).
    if (cfg.AUTH_JWT_SECRET === cfg.INTERNAL_TOKEN_SECRET) {
      refuse('INTERNAL_TOKEN_SECRET', 'must differ from AUTH_JWT_SECRET in production (one key per token kind)');
    }
  });

export type AuthConfig = z.infer<typeof authConfigSchema>;

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const parsed = authConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid auth configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
