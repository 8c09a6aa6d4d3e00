import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { armorConfig, createArmor, type ArmorLimits } from './armor';
import { loadGatewayConfig } from './config';
import { TrustedDocumentManifest } from './trusted-documents';

const API_SCHEMA = path.resolve(__dirname, '../../../libs/graph-client/schema.graphql');

/** The armor limits only (not the schema's own rules): an operation a service has not served yet still counts. */
function limitErrors(schema: GraphQLSchema, document: string, limits: ArmorLimits): string[] {
  const armor = createArmor(limits);
  try {
    parse(document, armor.parseOptions);
  } catch (err) {
    return [(err as Error).message];
  }
  return validate(schema, parse(document), armor.validationRules).map((e) => e.message);
}

describe('armor limits and the consumer contract', () => {
  const config = loadGatewayConfig({ NODE_ENV: 'production' });
  const schema = buildSchema(fs.readFileSync(API_SCHEMA, 'utf8'));
  const contract = TrustedDocumentManifest.fromDirectory(config.TRUSTED_DOCUMENTS_DIR).documents();

  it('has defaults that are limits, not switches', () => {
    expect(config).toMatchObject({ MAX_DEPTH: 10, MAX_ALIASES: 15, MAX_DIRECTIVES: 20, MAX_TOKENS: 1000, MAX_COST: 50_000, COST_FIELD_WEIGHT: 1, COST_DEFAULT_LIST_SIZE: 50, MAX_BATCH_SIZE: 1 });
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).RATE_LIMIT_REQUESTS).toBe(600);
    expect(loadGatewayConfig({ NODE_ENV: 'test' }).RATE_LIMIT_REQUESTS).toBe(0);
    expect(loadGatewayConfig({ NODE_ENV: 'test', RATE_LIMIT_REQUESTS: '5' }).RATE_LIMIT_REQUESTS).toBe(5);
    expect(contract.length).toBeGreaterThan(25);
  });

  it.each(contract.map((d) => [d.operationName ?? d.hash, d.document]))('lets the contract operation %s through', (_name, document) => {
    expect(limitErrors(schema, document, config)).toEqual([]);
  });

  it('refuses the deepest contract operations under a tighter depth limit (the rule is live)', () => {
    const deepest = contract.filter((d) => d.operationName === 'DropoutCases' || d.operationName === 'SubsidyCoverageGaps');
    expect(deepest).toHaveLength(2);
    for (const d of deepest) {
      expect(limitErrors(schema, d.document, { ...config, MAX_DEPTH: 6 }).join()).toMatch(/depth limit of 6 exceeded/);
      expect(limitErrors(schema, d.document, { ...config, MAX_TOKENS: 40 }).join()).toMatch(/more th(an|at) 40 tokens/);
    }
  });

  it("leaves cost to the gateway's own limit (armor's multiplies by literal `first` only; see cost/)", () => {
    const feed = (first: number) => `query($after: String) { personChanges(first: ${first}, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { personId householdStatus removed birthDate } } } }`;
    expect(limitErrors(schema, feed(1000), config)).toEqual([]);
    expect(armorConfig(config).costLimit).toEqual({ enabled: false });
    expect(createArmor(config).plugins.length).toBeGreaterThan(1);
  });

  it('reads limits from the environment', () => {
    const custom = loadGatewayConfig({ MAX_DEPTH: '4', MAX_COST: '99', MAX_BATCH_SIZE: '5', RATE_LIMIT_REQUESTS: '0', TRUSTED_DOCUMENTS: 'required' });
    expect(custom).toMatchObject({ MAX_DEPTH: 4, MAX_COST: 99, MAX_BATCH_SIZE: 5, RATE_LIMIT_REQUESTS: 0, TRUSTED_DOCUMENTS: 'required' });
    expect(() => loadGatewayConfig({ MAX_DEPTH: '0' })).toThrow(/MAX_DEPTH/);
    expect(() => loadGatewayConfig({ TRUSTED_DOCUMENTS: 'sometimes' })).toThrow(/TRUSTED_DOCUMENTS/);
  });

  it('blocks field suggestions in production only, unless told otherwise', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'production' }).BLOCK_FIELD_SUGGESTIONS).toBe(true);
    expect(loadGatewayConfig({ NODE_ENV: 'development' }).BLOCK_FIELD_SUGGESTIONS).toBe(false);
    expect(loadGatewayConfig({ NODE_ENV: 'development', BLOCK_FIELD_SUGGESTIONS: 'true' }).BLOCK_FIELD_SUGGESTIONS).toBe(true);
  });
});
