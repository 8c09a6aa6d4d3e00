import type { PrincipalClaims } from '@epg/auth';
import { startInProcessGraph, tokenFor, type InProcessGraph } from '@epg/testing';
import { targetDatabase, type TargetDatabase } from '../../seed/lib/database';
import { WHOLE_GRAPH } from '../../lib/graph';

export interface BenchGraph {
  graph: InProcessGraph;
  database: TargetDatabase;
  stop(): Promise<void>;
}

/**
 * The whole graph in this process (as `npm start` runs it, projection consumers included) on the
 * seeded database, with the gateway's per-subject rate limit off (a load test is one subject) and
 * logs silent; it answers once every projection has caught up with the seed.
 */
export async function startBenchGraph(env: NodeJS.ProcessEnv = {}): Promise<BenchGraph> {
  const database = await targetDatabase();
  const graph = await startInProcessGraph({
    ...WHOLE_GRAPH,
    databaseUrl: database.url,
    env: { ...process.env, RATE_LIMIT_REQUESTS: '0', LOG_LEVEL: 'silent', ...env },
    // The services' projection consumers, as `npm start` runs them; caught up before any load.
    projections: { regions: [PROVINCE_OFFICER.regionCode] },
  });
  await graph.projectionsCaughtUp();
  return {
    graph,
    database,
    stop: async () => {
      await graph.stop();
      await database.release();
    },
  };
}

export const PROVINCE_OFFICER: Pick<PrincipalClaims, 'role' | 'regionCode'> & Partial<PrincipalClaims> = {
  subject: 'bench-province-officer',
  role: 'PROVINCE',
  regionCode: '420000',
  scopes: ['pii:read', 'import:write', 'subsidy:approve', 'audit:read'],
};

export function provinceToken(graph: InProcessGraph): Promise<string> {
  return tokenFor(graph.auth, PROVINCE_OFFICER, '12h');
}

/** One GraphQL call; throws on errors. */
export async function graphql<T = Record<string, unknown>>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

/**
 * Asks each variant of `op` once before the load (fails loudly on errors): first reads (plans,
 * caches, and on older code a county's first projection fill) are not what the load should time.
 */
export async function warmUp(url: string, token: string, op: { query: string; variables: Record<string, unknown>; variants?: Record<string, unknown>[] }): Promise<void> {
  for (const variables of op.variants ?? [op.variables]) await graphql(url, token, op.query, variables);
}
