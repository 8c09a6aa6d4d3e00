import type { Resolvers } from '../generated/resolvers-types';
import { recordSkillsTraining } from './training.service';

export const trainingResolvers: Resolvers = {
  Mutation: {
    recordSkillsTraining: (_parent, { input }, ctx) => recordSkillsTraining(ctx, input),
  },
  SkillsTraining: {
    person: (training) => ({ id: training.personId }),
  },
};
