export { startGateway, type RunningGateway } from './gateway';
export { loadGatewayConfig, type GatewayConfig } from './config';
export { operationCost, readCostDirectives, QUERY_TOO_COSTLY, type CostDirectives, type CostSettings } from './cost';
