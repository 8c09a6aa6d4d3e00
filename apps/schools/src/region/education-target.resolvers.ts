import type { Resolvers } from '../generated/resolvers-types';
import { educationTargets, setEducationTarget } from './education-target.service';

export const educationTargetResolvers: Resolvers = {
  Query: {
    educationTargets: (_parent, args, ctx) => educationTargets(ctx, args),
  },
  Mutation: {
    setEducationTarget: (_parent, args, ctx) => setEducationTarget(ctx, args),
  },
};
