import type { GraphQLFieldResolver } from 'graphql';
import { assertSchoolInScope, forbidden } from '@epg/auth';
import type { BaseContext } from './context';

type ResolverMap = Record<string, Record<string, unknown> | unknown>;

/**
 * SCHOOL staff (staff of one school) reach a service only through the root fields it lists for
 * them, and only for their own school: any `schoolId` (or `input.schoolId`) argument must name
 * it. Region-wide lists, batch jobs and other writes stay with region roles. Entity fields are
 * narrowed by each service's loaders (`withinSchoolScope`).
 */
export function guardSchoolStaff(resolvers: ResolverMap, allowedRootFields: readonly string[]): ResolverMap {
  const guarded: ResolverMap = { ...resolvers };
  for (const rootType of ['Query', 'Mutation']) {
    const fields = resolvers[rootType] as Record<string, GraphQLFieldResolver<unknown, BaseContext>> | undefined;
    if (!fields) continue;
    guarded[rootType] = Object.fromEntries(
      Object.entries(fields).map(([name, resolve]) => [
        name,
        (parent: unknown, args: Record<string, unknown>, ctx: BaseContext, info: Parameters<GraphQLFieldResolver<unknown, BaseContext>>[3]) => {
          if (ctx.principal.role === 'SCHOOL') {
            if (!allowedRootFields.includes(name)) throw forbidden(`${name} is not available to school staff`);
            const schoolId = args.schoolId ?? (args.input as { schoolId?: unknown } | undefined)?.schoolId;
            if (typeof schoolId === 'string') assertSchoolInScope(ctx.principal, schoolId);
          }
          return resolve(parent, args, ctx, info);
        },
      ]),
    );
  }
  return guarded;
}
