import type { Resolvers } from '../generated/resolvers-types';

export const programResolvers: Resolvers = {
  Query: {
    vocationalProgram: (_parent, { id }, ctx) => ctx.loaders.program.load(id),
  },
  VocationalProgram: {
    __resolveReference: (ref, ctx) => ctx.loaders.program.load(ref.id),
    school: (program) => ({ id: program.schoolId }),
  },
};
