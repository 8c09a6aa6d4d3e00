import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import { findNul, NUL_MESSAGE } from '@epg/domain';
import { badField } from './errors';

/**
 * Every argument of every field of a subgraph passes here before its resolver runs: a string
 * anywhere inside it that carries NUL (U+0000, which PostgreSQL refuses in text) is
 * BAD_USER_INPUT naming the argument path (`input.members.0.name`) — one check for every text
 * input, search filter and key, instead of an INTERNAL_SERVER_ERROR from the database.
 *
 * `batchArguments` (`Mutation.importHouseholds.households`) are lists whose records the service
 * validates one by one: a NUL in one record rejects that record only (the record validation
 * refuses it), so they are left to it.
 */
export function refuseNulInArguments(schema: GraphQLSchema, batchArguments: readonly string[] = []): GraphQLSchema {
  const batches = new Set(batchArguments);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const checked = field.args.map((a) => a.name).filter((name) => !batches.has(`${type.name}.${field.name}.${name}`));
      if (checked.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const name of checked) {
          const path = findNul(args[name], name);
          if (path) throw badField(path, NUL_MESSAGE);
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
