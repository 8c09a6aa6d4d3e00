import path from 'node:path';
import { z } from 'zod';

export const persistenceConfigSchema = z.object({
  /** A PostgreSQL server to use; unset → the embedded PostgreSQL. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded PostgreSQL keeps its data (git-ignored). */
  EMBEDDED_PG_DIR: z.string().default(path.resolve(process.cwd(), '.data/postgres')),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
});
export type PersistenceConfig = z.infer<typeof persistenceConfigSchema>;

export function loadPersistenceConfig(env: NodeJS.ProcessEnv = process.env): PersistenceConfig {
  const parsed = persistenceConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid database configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * The database a service uses: `<SERVICE>_DATABASE_URL` (its own database in production),
 * else the shared `DATABASE_URL` (one schema per service).
 */
export function serviceDatabaseUrl(service: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`${service.toUpperCase()}_DATABASE_URL`] ?? env.DATABASE_URL;
}
