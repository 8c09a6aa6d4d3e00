/**
 * Typed documents for the consumer contract operations the graph serves
 * (graphql-codegen output; see tools/codegen). End-to-end tests call the gateway through
 * these, as a frontend team would.
 */
export * from './generated/operations';
