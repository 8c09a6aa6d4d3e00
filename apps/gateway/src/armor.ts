import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { GatewayConfig } from './config';
import { costLimitPlugin } from './cost';

export type GraphQLArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;

export type ArmorLimits = Pick<
  GatewayConfig,
  'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_TOKENS' | 'MAX_COST' | 'COST_FIELD_WEIGHT' | 'COST_DEFAULT_LIST_SIZE' | 'BLOCK_FIELD_SUGGESTIONS'
>;

/** graphql-armor's settings for the gateway's limits (each rejection is a 400 validation error). */
export function armorConfig(limits: ArmorLimits): GraphQLArmorConfig {
  return {
    maxDepth: { n: limits.MAX_DEPTH, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.MAX_ALIASES, allowList: [] },
    maxDirectives: { n: limits.MAX_DIRECTIVES },
    // Enforced by graphql-js's own parser (see parseOptions): armor's Apollo plugin throws from
    // parsingDidStart, which Apollo Server turns into a 500.
    maxTokens: { enabled: false, n: limits.MAX_TOKENS },
    // Armor's cost multiplies by a literal `first` only and knows no list sizes: the gateway's own
    // cost limit (./cost, an Apollo plugin that sees the variables) replaces it.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: limits.BLOCK_FIELD_SUGGESTIONS, mask: '[suggestion hidden]' },
  };
}

export interface ArmorProtection {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /** For Apollo Server's parser: a longer document is a GRAPHQL_PARSE_FAILED (400) before any work. */
  parseOptions: ParseOptions;
}

/**
 * The Apollo Server plugins, validation rules and parse options that enforce the limits: armor's
 * depth, alias, directive and token limits, and the gateway's cost limit (QUERY_TOO_COSTLY).
 */
export function createArmor(limits: ArmorLimits): ArmorProtection {
  const { plugins, validationRules } = new ApolloArmor(armorConfig(limits)).protect();
  const cost = costLimitPlugin({ maxCost: limits.MAX_COST, fieldWeight: limits.COST_FIELD_WEIGHT, defaultListSize: limits.COST_DEFAULT_LIST_SIZE });
  return { plugins: [...plugins, cost], validationRules, parseOptions: { maxTokens: limits.MAX_TOKENS } };
}
