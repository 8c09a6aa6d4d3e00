import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isValidIsoDate } from '@epg/domain';

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isValidIsoDate(value)) {
    throw new GraphQLError(`Date must be an ISO calendar date like "2023-09-01", got ${JSON.stringify(value)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

/** `Date`: an ISO calendar date ("2023-09-01"), carried as a string. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'An ISO 8601 calendar date, e.g. "2023-09-01".',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return parseDate(value);
  },
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string literal', { extensions: { code: 'BAD_USER_INPUT' } });
    return parseDate(ast.value);
  },
});

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): string {
  if (typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  throw new GraphQLError(`DateTime must be an ISO instant like "2023-09-01T08:00:00Z", got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** `DateTime`: an ISO 8601 instant, always answered in UTC. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO 8601 instant in UTC, e.g. "2023-09-01T08:00:00.000Z".',
  serialize: (value) => (value instanceof Date ? value.toISOString() : parseDateTime(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string literal', { extensions: { code: 'BAD_USER_INPUT' } });
    return parseDateTime(ast.value);
  },
});

function badFen(value: unknown): GraphQLError {
  return new GraphQLError(`Fen must be a whole number of fen between -(2^53 - 1) and 2^53 - 1, got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** A safe-integer fen amount from a number, a bigint or PostgreSQL's bigint text ("123"). */
function toFen(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(-Number.MAX_SAFE_INTEGER)) return Number(value);
  if (typeof value === 'string' && /^-?\d{1,16}$/.test(value)) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  throw badFen(value);
}

/**
 * `Fen`: money in fen as a JSON integer up to 2^53 − 1 (costs, budgets, totals). Never a float:
 * 1.5 or "12.00" is refused on input, and a database value outside the safe range fails loudly
 * rather than rounding.
 */
export const FenScalar = new GraphQLScalarType<number, number>({
  name: 'Fen',
  description: 'An amount of money in fen (1/100 yuan): a JSON integer up to 2^53 - 1.',
  serialize: toFen,
  parseValue: (value) => {
    if (typeof value !== 'number') throw badFen(value);
    return toFen(value);
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw badFen(ast.kind === Kind.STRING ? ast.value : ast.kind);
    return toFen(ast.value);
  },
});
