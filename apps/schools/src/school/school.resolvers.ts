import type { Resolvers } from '../generated/resolvers-types';

export const schoolResolvers: Resolvers = {
  Query: {
    school: (_parent, { id }, ctx) => ctx.loaders.school.load(id),
  },
  School: {
    __resolveReference: (ref, ctx) => ctx.loaders.school.load(ref.id),
    region: (school) => ({ code: school.regionCode }),
  },
};
