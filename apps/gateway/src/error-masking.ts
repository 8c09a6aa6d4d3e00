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
]);

const URL_PATTERN = /\bhttps?:\/\/\S+/gi;

/**
 * What leaves the gateway: known codes with their message (any URL scrubbed), everything else
 * masked as INTERNAL_SERVER_ERROR. Never a stack trace, SQL or an internal address.
 */
export function createGatewayErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      const extensions: Record<string, unknown> = { code };
      for (const key of ['issues', 'serviceName', 'existing'] as const) {
        if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
      }
      return {
        message: formatted.message.replace(URL_PATTERN, '[internal]'),
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
