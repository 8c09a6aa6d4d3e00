export { subsidiesSubgraph } from './module';

// For the whole-graph tests (apps/graph-e2e) and the tools; no other service imports an app
// (eslint: @nx/enforce-module-boundaries).
export { evaluatePolicySet } from './policy/engine';
export { seedPolicySets } from './policy/policy-sets.data';
export { computeEntitlements, refreshFacts } from './entitlement/compute.service';
export { personFeed } from './facts/feeds';
export { readSubsidyStats, refreshCoverageRollup, subsidyStatsFromLedger } from './coverage-rollup/coverage-rollup';
