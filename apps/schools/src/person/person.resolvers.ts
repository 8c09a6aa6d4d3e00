import { academicYearSchema } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';

export const personResolvers: Resolvers = {
  Person: {
    // Owned by households: the schools service resolves its own fields by key, without SQL here;
    // the fields below read through a batched, region-scoped loader.
    __resolveReference: (ref) => ({ id: ref.id }),
    enrolments: (person, _args, ctx) => ctx.loaders.enrolmentsOfPerson.load(person.id),
    currentEnrolment: async (person, args, ctx) => {
      const year = args.academicYear == null ? null : parseInput(academicYearSchema, args.academicYear, 'academicYear');
      const enrolments = await ctx.loaders.enrolmentsOfPerson.load(person.id);
      // Latest year first (repository order), so the first ENROLLED record is the current one.
      return enrolments.find((e) => e.status === 'ENROLLED' && (year === null || e.academicYear === year)) ?? null;
    },
  },
};
