export { startGateway, type RunningGateway } from './gateway';
export { loadGatewayConfig, type GatewayConfig } from './config';
export { operationCost, readCostDirectives, QUERY_TOO_COSTLY, type CostDirectives, type CostSettings } from './cost';
export { TrustedDocumentManifest, documentsOfManifest, sha256Hex, type ManifestFile, type TrustedDocument } from './trusted-documents';
export { TRUSTED_DOCUMENT_REQUIRED } from './trusted-documents-guard';
