/** The five subgraph services, in composition order, with their default local ports. */
export const SUBGRAPHS = [
  { name: 'households', port: 4001 },
  { name: 'schools', port: 4002 },
  { name: 'subsidies', port: 4003 },
  { name: 'teachers', port: 4004 },
  { name: 'vocational', port: 4005 },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];
export const GATEWAY_DEFAULT_PORT = 4000;

/** `HOUSEHOLDS_URL` etc., defaulting to the local port. */
export function subgraphUrl(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): string {
  const entry = SUBGRAPHS.find((s) => s.name === name)!;
  return env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${entry.port}/graphql`;
}

/**
 * Node/V8 options every gateway and service process runs with (the images' `NODE_OPTIONS`, and the
 * latency benchmark's graph process, so it measures what is deployed). Semi-spaces of 32 MiB
 * instead of V8's 16: a request's objects (rows, entities, subgraph replies, the shaped result)
 * die young, and with the smaller nursery the roster at c=8 spent ~18% of its CPU in GC
 * (~10% with the larger one, measured by `npm run bench -- latency --profile`). It adds at most
 * 3 × 16 MiB of young generation, well inside the pods' 768 MiB limit.
 */
export const SERVICE_NODE_OPTIONS = '--max-semi-space-size=32';
