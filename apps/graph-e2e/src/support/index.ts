export { ALL_SUBGRAPHS, WHOLE_GRAPH, startTestGraph } from './graph';
export type { GraphQLResult, TestGraph } from '@epg/testing';
export { endVocationalSchoolRecord, giveVocationalSchoolRecord, insertSchools, type SchoolRow } from './schools';
export { startGatewayOnly, type GatewayOnly } from './gateway-only';
