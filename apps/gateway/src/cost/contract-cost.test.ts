import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { MAX_PAGE_SIZE } from '@epg/domain';
import { loadGatewayConfig } from '../config';
import { TrustedDocumentManifest } from '../trusted-documents';
import { readCostDirectives } from './cost-directives';
import { operationCost } from './operation-cost';

const API_SCHEMA = path.resolve(__dirname, '../../../../libs/graph-client/schema.graphql');
const config = loadGatewayConfig({ NODE_ENV: 'production' });
const schema = buildSchema(fs.readFileSync(API_SCHEMA, 'utf8'));
const directives = readCostDirectives(fs.readFileSync(config.SUPERGRAPH_PATH, 'utf8'));

/** The cost the gateway computes for `source` with `variables` under the default settings. */
function costOf(source: string, variables: Record<string, unknown> = {}): number {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return operationCost({
    schema,
    directives,
    operation,
    fragments,
    variables,
    settings: { fieldWeight: config.COST_FIELD_WEIGHT, defaultListSize: config.COST_DEFAULT_LIST_SIZE },
  });
}

/** The fan-out of issue 18 item 4 (21 s on the demo county before the limit). */
const FAN_OUT_ATTACK = '{ school(id: "00000000-0000-0000-0000-000000000000") { teachers { school { teachers { school { teachers { school { teachers { id } } } } } } } } }';

describe('the cost limit and the consumer contract', () => {
  const contract = TrustedDocumentManifest.fromDirectory(config.TRUSTED_DOCUMENTS_DIR).documents();

  it('reads the list sizes the subgraphs declare from the committed supergraph', () => {
    expect(directives.listSizes.get('School.teachers')).toMatchObject({ slicingArguments: ['first'], requireOneSlicingArgument: false });
    expect(directives.listSizes.get('Query.personChanges')).toMatchObject({ slicingArguments: ['first'], sizedFields: ['edges'] });
    expect(directives.listSizes.get('Household.members')).toMatchObject({ assumedSize: 12 });
    expect(contract.length).toBeGreaterThan(25);
  });

  it.each(contract.map((d) => [d.operationName ?? d.hash, d.document]))(
    'lets the contract operation %s through at its largest page (first: 500)',
    (_name, document) => {
      const cost = costOf(document, { first: MAX_PAGE_SIZE });
      expect(cost).toBeGreaterThan(0);
      expect(cost).toBeLessThanOrEqual(config.MAX_COST);
    },
  );

  it('refuses the nested back-reference fan-out and its 15-alias variant', () => {
    expect(costOf(FAN_OUT_ATTACK)).toBeGreaterThan(config.MAX_COST);
    const aliased = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: ${FAN_OUT_ATTACK.slice(2, -2)}`).join(' ')} }`;
    expect(costOf(aliased)).toBeGreaterThan(15 * config.MAX_COST);
  });

  it('prices a change-feed page by its variable `first`, not by a literal only', () => {
    const feed = 'query($first: Int!) { personChanges(first: $first) { pageInfo { hasNextPage endCursor } edges { cursor node { personId householdStatus removed birthDate } } } }';
    expect(costOf(feed, { first: 500 })).toBeLessThan(config.MAX_COST);
    expect(costOf(feed, { first: 50_000 })).toBeGreaterThan(config.MAX_COST);
    expect(costOf(feed, { first: 500 })).toBe(1 + 1 + 2 + 1 + 500 * (1 + 1 + 4));
  });
});

describe('MAX_COST', () => {
  it('is a limit, not a switch: within 1.2 times the costliest contract operation (HouseholdRoster, 500 households with their members)', () => {
    const contract = TrustedDocumentManifest.fromDirectory(config.TRUSTED_DOCUMENTS_DIR).documents();
    const costs = contract.map((d) => ({ name: d.operationName, cost: costOf(d.document, { first: MAX_PAGE_SIZE }) })).sort((a, b) => b.cost - a.cost);
    expect(costs[0]).toEqual({ name: 'HouseholdRoster', cost: expect.any(Number) });
    expect(costs[0]!.cost * 1.2).toBeGreaterThan(config.MAX_COST);
  });
});
