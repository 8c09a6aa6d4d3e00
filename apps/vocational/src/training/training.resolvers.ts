import { plausibleFactYear, refinePlausible, regionCodeSchema } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import { z } from 'zod';
import type { Resolvers } from '../generated/resolvers-types';
import { trainingOutcomes } from './outcomes.rules';
import { countTrainingOutcomes } from './training.repository';
import { recordSkillsTraining } from './training.service';

/** A year trainings were completed in: from 2000 to this one. */
const outcomeYearSchema = z.number().int('a year is a whole number').superRefine(refinePlausible((year: number) => plausibleFactYear(year)));

export const trainingResolvers: Resolvers = {
  Query: {
    skillsTrainingOutcomes: async (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      const year = parseInput(outcomeYearSchema, args.year, 'year');
      const rows = trainingOutcomes(year, await countTrainingOutcomes(ctx.data.narrowTo(regionCode), year));
      return args.kind ? rows.filter((r) => r.kind === args.kind) : rows;
    },
  },
  Mutation: {
    recordSkillsTraining: (_parent, { input }, ctx) => recordSkillsTraining(ctx, input),
  },
  SkillsTraining: {
    person: (training) => ({ id: training.personId }),
  },
};
