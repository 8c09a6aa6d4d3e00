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
