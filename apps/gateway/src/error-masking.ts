import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

const PASS_THROUGH = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'QUERY_TOO_COSTLY',
]);

const URL_PATTERN = /\bhttps?:\/\/\S+/gi;
/** graphql-js hints ("Did you mean "x"?", "Did you mean the enum value "Y"?") that reveal the schema. */
const SUGGESTION_PATTERN = /\s*Did you mean [^?]*\?/g;

export interface ErrorFormatterOptions {
  /** Outside development: no hint about names the caller did not already know. */
  hideSuggestions?: boolean;
}

/**
 * What leaves the gateway: known codes with their message (any URL scrubbed), everything else
 * masked as INTERNAL_SERVER_ERROR. Never a stack trace, SQL or an internal address.
 */
export function createGatewayErrorFormatter(logger: Logger, options: ErrorFormatterOptions = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      const extensions: Record<string, unknown> = { code };
      for (const key of ['issues', 'serviceName', 'existing', 'cost', 'maxCost'] as const) {
        if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
      }
      let message = formatted.message.replace(URL_PATTERN, '[internal]');
      if (options.hideSuggestions) message = message.replace(SUGGESTION_PATTERN, '');
      return {
        message,
        locations: formatted.locations,
        path: formatted.path,
        extensions,
      };
    }
    logger.error({ err: error, path: formatted.path }, 'masked error');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
