export { teachersSubgraph } from './module';

// For the whole-graph tests (apps/graph-e2e) and the tools; no other service imports an app
// (eslint: @nx/enforce-module-boundaries).
export { monthlyAllowanceFen } from './allowance/allowance.rules';
export { CYCLE_REQUIRED_HOURS, trainingCycle } from './training/training.rules';
export { trainingCoverage } from './training/training.repository';
export { countActiveTeachers } from './teacher/teacher.repository';
export { teacherCountsFromRollup, trainingCoverageFromRollup } from './region/region-figures.repository';
