export { householdsSubgraph } from './module';

// For the whole-graph tests (apps/graph-e2e) and the tools; no other service imports an app
// (eslint: @nx/enforce-module-boundaries).
export { parseRegionFile } from './region/region-file';
export { loadRegions } from './region/region.seed';
export { isPovertyVillage } from './region/poverty-village';
export { countHouseholds } from './region/region.repository';
export { householdStatsFromRollup } from './region/household-stats.repository';
