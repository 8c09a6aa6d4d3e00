export { COST_SPEC_URL, NO_COST_DIRECTIVES, readCostDirectives, type CostDirectives, type ListSize } from './cost-directives';
export { operationCost, type CostInput, type CostSettings } from './operation-cost';
export { costLimitPlugin, queryTooCostly, QUERY_TOO_COSTLY, type CostLimit } from './cost-limit-plugin';
