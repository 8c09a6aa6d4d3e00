import { z } from 'zod';

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
  })
  .superRefine((cfg, ctx) => {
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
