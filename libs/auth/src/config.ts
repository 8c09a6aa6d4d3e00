import { z } from 'zod';

/**
 * Development keys: good for `npm start` and tests on a developer machine,
 * refused when NODE_ENV=production.
 */
export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-change-me-0123456789';
export const DEVELOPMENT_INTERNAL_SECRET = 'development-only-internal-secret-change-me-0123456789';

const secret = z.string().min(32, 'must be at least 32 characters');

export const authConfigSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    AUTH_JWT_SECRET: secret.default(DEVELOPMENT_JWT_SECRET),
    AUTH_JWT_ISSUER: z.string().default('epg'),
    AUTH_JWT_AUDIENCE: z.string().default('epg-graph'),
    INTERNAL_TOKEN_SECRET: secret.default(DEVELOPMENT_INTERNAL_SECRET),
    INTERNAL_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.NODE_ENV !== 'production') return;
    if (cfg.AUTH_JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'the development key is refused in production' });
    }
    if (cfg.INTERNAL_TOKEN_SECRET === DEVELOPMENT_INTERNAL_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['INTERNAL_TOKEN_SECRET'], message: 'the development key is refused in production' });
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
