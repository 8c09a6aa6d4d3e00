export { vocationalSubgraph } from './module';

// For the whole-graph tests (apps/graph-e2e) and the tools; no other service imports an app
// (eslint: @nx/enforce-module-boundaries).
export { currentAcademicYear } from './enrolment/enrolment.rules';
export { householdHasSkilledMember } from './household/skilled.rules';
export { vocationalCounts } from './region/indicators';
export { vocationalCountsFromRollup } from './region/indicator-counts.repository';
