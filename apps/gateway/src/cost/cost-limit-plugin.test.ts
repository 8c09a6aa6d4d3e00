import { ApolloServer } from '@apollo/server';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { costLimitPlugin, QUERY_TOO_COSTLY } from './cost-limit-plugin';

type SchemaContext = { apiSchema: GraphQLSchema; coreSupergraphSdl: string };

const DIRECTIVES = `
  extend schema @link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@cost", "@listSize"])
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
`;
/** Two versions of a "supergraph": the second declares `items` much larger. */
const V1 = `type Query { items(first: Int): [Item!] @listSize(slicingArguments: ["first"]) } type Item { id: ID! }`;
const V2 = `type Query { items(first: Int): [Item!] @listSize(assumedSize: 1000) } type Item { id: ID! }`;
const api = (sdl: string) => buildSchema(sdl.replace(/@listSize\([^)]*\)/g, ''));

/** A gateway stand-in that loads V1 and can swap supergraphs as a live gateway does. */
async function serverWithSwappableSupergraph() {
  let notify: ((context: SchemaContext) => void) | undefined;
  const server = new ApolloServer({
    gateway: {
      onSchemaLoadOrUpdate(callback: (context: SchemaContext) => void) {
        notify = callback;
        return () => undefined;
      },
      async load() {
        notify!({ apiSchema: api(V1), coreSupergraphSdl: DIRECTIVES + V1 });
        return { executor: async () => ({ data: { items: [] } }) };
      },
      async stop() {},
    },
    plugins: [costLimitPlugin({ maxCost: 100, fieldWeight: 1, defaultListSize: 50 })],
  });
  await server.start();
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const { body } = await server.executeOperation({ query, variables });
    if (body.kind !== 'single') throw new Error('expected a single result');
    return body.singleResult;
  };
  return { server, run, swap: (sdl: string) => notify!({ apiSchema: api(sdl), coreSupergraphSdl: DIRECTIVES + sdl }) };
}

describe('costLimitPlugin', () => {
  it('prices `first` from the variables and refuses above the limit with QUERY_TOO_COSTLY, cost and limit', async () => {
    const { server, run } = await serverWithSwappableSupergraph();
    try {
      const query = 'query($n: Int) { items(first: $n) { id } }';
      expect((await run(query, { n: 10 })).errors).toBeUndefined();
      const refused = await run(query, { n: 200 });
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^Query cost 201 exceeds the limit of 100/),
        extensions: { code: QUERY_TOO_COSTLY, cost: 201, maxCost: 100 },
      });
    } finally {
      await server.stop();
    }
  });

  it('prices each request by the supergraph it runs on, also after a swap', async () => {
    const { server, run, swap } = await serverWithSwappableSupergraph();
    try {
      // V1: no `first`, no declared size → the default 50 → cost 51.
      expect((await run('{ items { id } }')).errors).toBeUndefined();
      swap(V2);
      expect((await run('{ items { id } }')).errors?.[0]?.extensions).toMatchObject({ code: QUERY_TOO_COSTLY, cost: 1001 });
    } finally {
      await server.stop();
    }
  });
});
