import type { SubgraphModule } from '@epg/subgraph-kit';
import { startTestGraph as startGraph, type GraphModules, type TestGraph } from '@epg/testing';
import { householdsSubgraph } from '@epg/households';
import { schoolsSubgraph } from '@epg/schools';
import { subsidiesSubgraph } from '@epg/subsidies';
import { teachersSubgraph } from '@epg/teachers';
import { vocationalSubgraph } from '@epg/vocational';
import { loadGatewayConfig, startGateway } from '@epg/gateway';

/** Every subgraph module, in composition order (the order of SUBGRAPHS in subgraph-kit). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ALL_SUBGRAPHS: SubgraphModule<any>[] = [
  householdsSubgraph,
  schoolsSubgraph,
  subsidiesSubgraph,
  teachersSubgraph,
  vocationalSubgraph,
];

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
