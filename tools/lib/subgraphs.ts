import type { SubgraphModule } from '@epg/subgraph-kit';
import { householdsSubgraph } from '@epg/households';
import { schoolsSubgraph } from '@epg/schools';
import { subsidiesSubgraph } from '@epg/subsidies';
import { teachersSubgraph } from '@epg/teachers';
import { vocationalSubgraph } from '@epg/vocational';

/**
 * Every subgraph module, in composition order (the order of SUBGRAPHS in subgraph-kit), from the
 * apps' public entry points: for the tools that need all of them (compose, seed, start, bench).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ALL_SUBGRAPHS: SubgraphModule<any>[] = [
  householdsSubgraph,
  schoolsSubgraph,
  subsidiesSubgraph,
  teachersSubgraph,
  vocationalSubgraph,
];
