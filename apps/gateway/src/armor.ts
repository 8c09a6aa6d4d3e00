import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { GatewayConfig } from './config';

export type GraphQLArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;

export type ArmorLimits = Pick<
  GatewayConfig,
  'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES' | 'MAX_TOKENS' | 'MAX_COST' | 'BLOCK_FIELD_SUGGESTIONS'
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
    costLimit: { maxCost: limits.MAX_COST },
    blockFieldSuggestion: { enabled: limits.BLOCK_FIELD_SUGGESTIONS, mask: '[suggestion hidden]' },
  };
}

export interface ArmorProtection {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /** For Apollo Server's parser: a longer document is a GRAPHQL_PARSE_FAILED (400) before any work. */
  parseOptions: ParseOptions;
}

/** The Apollo Server plugins, validation rules and parse options that enforce the limits. */
export function createArmor(limits: ArmorLimits): ArmorProtection {
  const { plugins, validationRules } = new ApolloArmor(armorConfig(limits)).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: limits.MAX_TOKENS } };
}
