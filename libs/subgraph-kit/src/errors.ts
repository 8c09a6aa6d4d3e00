import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { z } from 'zod';
import type { Logger } from 'pino';

export interface FieldIssue {
  path: string;
  message: string;
}

/** `BAD_USER_INPUT` carrying the path of every bad field. */
export function badUserInput(message: string, issues: FieldIssue[] = []): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', issues } });
}

/** `BAD_USER_INPUT` for one bad field: the message names the field and the rule it breaks. */
export function badField(path: string, message: string): GraphQLError {
  return badUserInput(`${path}: ${message}`, [{ path, message }]);
}

/** `BAD_USER_INPUT` for one or more bad fields: the message names the first, `issues` lists them all. */
export function badFields(issues: readonly FieldIssue[]): GraphQLError {
  const [first] = issues;
  if (!first) throw new Error('badFields needs at least one issue');
  return badUserInput(`${first.path}: ${first.message}`, [...issues]);
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
}

export function conflict(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', ...details } });
}

export function zodIssuesToFieldIssues(error: z.ZodError, root?: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.'),
    message: issue.message,
  }));
}

/** Validates one argument at the boundary; a failure becomes BAD_USER_INPUT with field paths. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, argumentName: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = zodIssuesToFieldIssues(result.error, argumentName);
  const first = issues[0];
  throw badUserInput(first ? `${first.path}: ${first.message}` : `invalid ${argumentName}`, issues);
}

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'SERVICE_UNAVAILABLE',
]);

/**
 * Known errors pass with their code; anything else is logged in full and leaves as a
 * masked INTERNAL_SERVER_ERROR (no stack, no SQL).
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && KNOWN_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: (error as { originalError?: unknown })?.originalError ?? error, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
