export { schoolsSubgraph } from './module';

// For the whole-graph tests (apps/graph-e2e) and the tools; no other service imports an app
// (eslint: @nx/enforce-module-boundaries).
export { SchoolEntity } from './school/school.entity';
export { EnrolmentEntity } from './enrolment/enrolment.entity';
export { DropoutCaseEntity, ProjectionStateEntity, RegisteredChildEntity } from './dropout/dropout.entity';
export { countIndicators } from './region/indicators';
export { countIndicatorsFromRollup } from './region/indicator-counts.repository';
