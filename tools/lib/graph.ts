import { loadGatewayConfig, startGateway } from '@epg/gateway';
import type { GraphModules } from '@epg/testing';
import { ALL_SUBGRAPHS } from './subgraphs';

/** The five subgraphs and the gateway, as libs/testing's in-process graph starter takes them. */
export const WHOLE_GRAPH: GraphModules = {
  subgraphs: ALL_SUBGRAPHS,
  startGateway: (env, auth, logger) => startGateway(loadGatewayConfig(env), auth, logger),
};
