import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import { NO_COST_DIRECTIVES, readCostDirectives, type CostDirectives } from './cost-directives';
import { operationCost, type CostSettings } from './operation-cost';

/** The refusal's code: the operation is valid but would cost more than the gateway serves. */
export const QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY';

export interface CostLimit extends CostSettings {
  maxCost: number;
}

export function queryTooCostly(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost} (list fields multiply what they select by their size: ask for smaller pages or fewer nested lists)`, {
    extensions: { code: QUERY_TOO_COSTLY, cost, maxCost, http: { status: 400 } },
  });
}

/**
 * Refuses an operation whose estimated cost (operation-cost.ts) is above `maxCost`, before any
 * subgraph is called. It runs in `didResolveOperation`, where the request's variables are known
 * (`first: $first` counts as much as a literal). The `@listSize`/`@cost` declarations come from the
 * supergraph the server has loaded — and again whenever it loads another — and are matched to the
 * request by its schema (`requestContext.schema`), so a swapped supergraph is priced by its own.
 */
export function costLimitPlugin(limit: CostLimit): ApolloServerPlugin {
  const bySchema = new WeakMap<GraphQLSchema, CostDirectives>();
  let latest: CostDirectives = NO_COST_DIRECTIVES;
  return {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema, coreSupergraphSdl }) {
          latest = coreSupergraphSdl ? readCostDirectives(coreSupergraphSdl) : NO_COST_DIRECTIVES;
          bySchema.set(apiSchema, latest);
        },
      };
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // Apollo Server refuses an operation it could not resolve before this hook
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
          const cost = operationCost({
            schema,
            directives: bySchema.get(schema) ?? latest,
            operation,
            fragments,
            variables: request.variables,
            settings: limit,
          });
          if (cost > limit.maxCost) throw queryTooCostly(cost, limit.maxCost);
        },
      };
    },
  };
}
