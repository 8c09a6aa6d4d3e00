import type { Resolvers } from '../generated/resolvers-types';

export const teacherResolvers: Resolvers = {
  Query: {
    teacher: (_parent, { id }, ctx) => ctx.loaders.teacher.load(id),
  },
  Teacher: {
    __resolveReference: (ref, ctx) => ctx.loaders.teacher.load(ref.id),
    school: (teacher) => ({ id: teacher.schoolId }),
  },
  School: {
    __resolveReference: (ref) => ({ id: ref.id }),
    teachers: (school, _args, ctx) => ctx.loaders.teachersOfSchool.load(school.id),
  },
};
