import { SERVICE_NODE_OPTIONS } from '@epg/subgraph-kit/topology';

/**
 * The node flags of every process a benchmark starts to stand for a deployed service or gateway:
 * the images' `NODE_OPTIONS` (`SERVICE_NODE_OPTIONS`), so a figure is what a deployment would
 * show. `BENCH_NODE_FLAGS` (space-separated) replaces them for an experiment.
 */
export function serviceNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.BENCH_NODE_FLAGS ?? SERVICE_NODE_OPTIONS).split(' ').filter(Boolean);
}
