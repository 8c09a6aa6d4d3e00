import { academicYearSchema } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { enrolStudent, transferStudent } from './enrolment.service';

export const enrolmentResolvers: Resolvers = {
  Mutation: {
    enrolStudent: (_parent, { input }, ctx) => enrolStudent(ctx, input),
    transferStudent: (_parent, { input }, ctx) => transferStudent(ctx, input),
  },
  Enrolment: {
    school: (enrolment, _args, ctx) => ctx.loaders.school.load(enrolment.schoolId),
    person: (enrolment) => ({ id: enrolment.personId }),
  },
  School: {
    enrolmentCount: async (school, args, ctx) => {
      const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
      return (await ctx.loaders.schoolYearCounts.load({ schoolId: school.id, academicYear })).enrolled;
    },
    boardingCount: async (school, args, ctx) => {
      const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
      return (await ctx.loaders.schoolYearCounts.load({ schoolId: school.id, academicYear })).boarding;
    },
  },
};
