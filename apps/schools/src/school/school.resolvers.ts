import type { Resolvers } from '../generated/resolvers-types';
import { listSchools, registerSchool, updateSchool } from './school.service';

export const schoolResolvers: Resolvers = {
  Query: {
    school: (_parent, { id }, ctx) => ctx.loaders.school.load(id),
    schools: (_parent, args, ctx) => listSchools(ctx, args),
  },
  Mutation: {
    registerSchool: (_parent, { input }, ctx) => registerSchool(ctx, input),
    updateSchool: (_parent, { id, input }, ctx) => updateSchool(ctx, id, input),
  },
  School: {
    __resolveReference: (ref, ctx) => ctx.loaders.school.load(ref.id),
    region: (school) => ({ code: school.regionCode }),
    digitalCoverage: (school) => ({
      broadband: school.hasBroadband,
      classrooms: school.classrooms,
      multimediaClassrooms: school.multimediaClassrooms,
      everyClassroomMultimedia: school.classrooms > 0 && school.multimediaClassrooms >= school.classrooms,
      linkedToProvincialPlatform: school.type === 'TEACHING_POINT' && school.linkedToProvincialPlatform,
    }),
  },
};
