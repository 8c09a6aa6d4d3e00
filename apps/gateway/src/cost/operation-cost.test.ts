import { buildASTSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { readCostDirectives } from './cost-directives';
import { operationCost, type CostSettings } from './operation-cost';

const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@cost", "@listSize"])
  directive @cost(weight: Int!) on FIELD_DEFINITION | OBJECT
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query {
    school(id: ID!): School
    schools(first: Int!, after: String): SchoolConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
    unsized: [School!]!
    expensive: Stats @cost(weight: 40)
  }
  type SchoolConnection { totalCount: Int! edges: [SchoolEdge!]! }
  type SchoolEdge { cursor: String! node: School! }
  type School {
    id: ID!
    name: String!
    teachers(first: Int = 500): [Teacher!] @listSize(slicingArguments: ["first"], requireOneSlicingArgument: false)
    gaps: [Gap!] @listSize(assumedSize: 4)
    tags: [String!]!
    stats: Stats
  }
  type Teacher { id: ID! name: String! school: School! }
  type Gap { id: ID! }
  type Stats @cost(weight: 7) { n: Int! }
`;

const schema = buildASTSchema(parse(SDL), { assumeValidSDL: true });
const directives = readCostDirectives(SDL);
const settings: CostSettings = { fieldWeight: 1, defaultListSize: 50 };

function cost(source: string, variables: Record<string, unknown> = {}, overrides: Partial<CostSettings> = {}): number {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return operationCost({ schema, directives, operation, fragments, variables, settings: { ...settings, ...overrides } });
}

describe('operationCost', () => {
  it('counts each field once (weight 1, configurable) and __typename not at all', () => {
    expect(cost('{ school(id: "1") { id name __typename } }')).toBe(3);
    expect(cost('{ school(id: "1") { id name } }', {}, { fieldWeight: 2 })).toBe(6);
  });

  it('multiplies what a list selects by the slicing argument, its default, or the declared size', () => {
    expect(cost('{ school(id: "1") { teachers(first: 10) { id name } } }')).toBe(1 + 1 + 10 * 2);
    expect(cost('{ school(id: "1") { teachers { id } } }')).toBe(1 + 1 + 500);
    expect(cost('query($n: Int) { school(id: "1") { teachers(first: $n) { id } } }', { n: 3 })).toBe(1 + 1 + 3);
    expect(cost('query($n: Int = 7) { school(id: "1") { teachers(first: $n) { id } } }')).toBe(1 + 1 + 7);
    expect(cost('{ school(id: "1") { gaps { id } } }')).toBe(1 + 1 + 4);
  });

  it('assumes the configured size for a list nobody declared, and prices leaf lists as one field', () => {
    expect(cost('{ unsized { id } }')).toBe(1 + 50);
    expect(cost('{ unsized { id } }', {}, { defaultListSize: 10 })).toBe(1 + 10);
    expect(cost('{ school(id: "1") { tags } }')).toBe(2);
  });

  it('sizes a connection by `first` (variables included) through its sized field `edges`', () => {
    const page = 'query($first: Int!) { schools(first: $first) { totalCount edges { cursor node { id name } } } }';
    expect(cost(page, { first: 100 })).toBe(1 + 1 + 1 + 100 * (1 + 1 + 2));
    expect(cost(page, { first: 500 })).toBe(1 + 1 + 1 + 500 * 4);
  });

  it('multiplies nested back-references: the fan-out of school { teachers { school { teachers … } } }', () => {
    const nested = '{ school(id: "1") { teachers { school { teachers { school { teachers { id } } } } } } }';
    expect(cost(nested)).toBe(1 + 1 + 500 * (1 + 1 + 500 * (1 + 1 + 500)));
  });

  it('counts every alias as its own subtree, and fragments where they are spread', () => {
    const one = cost('{ school(id: "1") { teachers(first: 10) { id } } }');
    expect(cost('{ a: school(id: "1") { teachers(first: 10) { id } } b: school(id: "2") { teachers(first: 10) { id } } }')).toBe(2 * one);
    expect(cost('{ school(id: "1") { ...T ...T } } fragment T on School { teachers(first: 10) { id } }')).toBe(1 + 2 * (1 + 10));
    expect(cost('{ school(id: "1") { ... on School { teachers(first: 10) { id } } } }')).toBe(one);
  });

  it('applies @cost weights of fields and of the types they return', () => {
    expect(cost('{ expensive { n } }')).toBe(40 + 1);
    expect(cost('{ school(id: "1") { stats { n } } }')).toBe(1 + 7 + 1);
  });
});

describe('readCostDirectives', () => {
  it('follows renamed imports and the namespaced names of a cost link without imports', () => {
    const renamed = readCostDirectives(`
      extend schema @link(url: "https://specs.apollo.dev/cost/v0.1", import: [{ name: "@listSize", as: "@size" }])
      type Query { a: [Int!] @size(assumedSize: 3) b: Int @cost(weight: 9) }`);
    expect(renamed.listSizes.get('Query.a')).toMatchObject({ assumedSize: 3 });
    expect(renamed.fieldWeights.get('Query.b')).toBe(9);
    const namespaced = readCostDirectives(`
      extend schema @link(url: "https://specs.apollo.dev/cost/v0.1", as: "demand")
      type Query { a: [Int!] @demand__listSize(slicingArguments: ["first"]) @listSize(assumedSize: 1) }`);
    expect(namespaced.listSizes.get('Query.a')).toMatchObject({ slicingArguments: ['first'], requireOneSlicingArgument: true });
  });
});
