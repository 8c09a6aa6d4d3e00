import { z } from 'zod';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { badField, badFields, createErrorFormatter, parseInput } from './errors';
import { mergeResolvers } from './resolvers';

describe('parseInput', () => {
  const schema = z.object({ name: z.string().min(1, 'name is required'), members: z.array(z.object({ age: z.number().int() })) });

  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: 'x', members: [{ age: 3 }] }, 'input')).toEqual({ name: 'x', members: [{ age: 3 }] });
  });

  it('reports every bad field with its path as BAD_USER_INPUT', () => {
    try {
      parseInput(schema, { name: '', members: [{ age: 1.5 }] }, 'input');
      throw new Error('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(GraphQLError);
      const e = err as GraphQLError;
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      const paths = (e.extensions.issues as { path: string }[]).map((i) => i.path);
      expect(paths).toEqual(['input.name', 'input.members.0.age']);
      expect(e.message).toBe('input.name: name is required');
    }
  });
});

describe('badField / badFields', () => {
  it('name the (first) field and its rule in the message and list every issue', () => {
    const one = badField('input.on', 'must not be in the future');
    expect(one.message).toBe('input.on: must not be in the future');
    expect(one.extensions).toEqual({ code: 'BAD_USER_INPUT', issues: [{ path: 'input.on', message: 'must not be in the future' }] });
    const issues = [
      { path: 'a', message: 'first rule' },
      { path: 'b', message: 'second rule' },
    ];
    const many = badFields(issues);
    expect(many.message).toBe('a: first rule');
    expect(many.extensions).toEqual({ code: 'BAD_USER_INPUT', issues });
    expect(() => badFields([])).toThrow(/at least one issue/);
  });
});

describe('error formatter', () => {
  const logger = pino({ level: 'silent' });
  const format = createErrorFormatter(logger);

  it('keeps known codes and drops stack traces', () => {
    const out = format({ message: 'no', extensions: { code: 'FORBIDDEN', stacktrace: ['at x'] } }, new Error('no'));
    expect(out).toEqual({ message: 'no', extensions: { code: 'FORBIDDEN' } });
  });

  it('masks unknown errors', () => {
    const out = format({ message: 'relation "household" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new Error('sql'));
    expect(out.message).toBe('Internal server error');
    expect(JSON.stringify(out)).not.toContain('household');
  });
});

describe('mergeResolvers', () => {
  it('merges fields of the same type from several maps', () => {
    const a = { Query: { a: () => 1 } };
    const b = { Query: { b: () => 2 }, Thing: { c: () => 3 } };
    const merged = mergeResolvers<Record<string, Record<string, () => number>>>(a, b);
    expect(Object.keys(merged.Query!)).toEqual(['a', 'b']);
    expect(merged.Thing!.c!()).toBe(3);
  });
});
