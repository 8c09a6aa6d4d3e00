import { startTestGraph as startGraph, type GraphModules, type TestGraph } from '@epg/testing';
import { loadGatewayConfig, startGateway } from '@epg/gateway';
import { ALL_SUBGRAPHS } from '@epg/tools/subgraphs';

export { ALL_SUBGRAPHS };

/** The five subgraphs and the gateway, as libs/testing's graph starter takes them. */
export const WHOLE_GRAPH: GraphModules = {
  subgraphs: ALL_SUBGRAPHS,
  startGateway: (env, auth, logger) => startGateway(loadGatewayConfig(env), auth, logger),
};

/**
 * Starts the whole graph for a test file: a fresh database on the run's embedded PostgreSQL,
 * every service migrated (and seeded unless told otherwise), every subgraph and the gateway
 * on free ports.
 */
export function startTestGraph(options: { seedDemo?: boolean } = {}): Promise<TestGraph> {
  return startGraph({ ...WHOLE_GRAPH, ...options });
}
