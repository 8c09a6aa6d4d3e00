import type { Resolvers } from '../generated/resolvers-types';
import { listDropoutCases, recordDropoutAction, scanForDropouts } from './dropout.service';

export const dropoutResolvers: Resolvers = {
  Query: {
    dropoutCases: (_parent, args, ctx) => listDropoutCases(ctx, args),
  },
  Mutation: {
    scanForDropouts: (_parent, args, ctx) => scanForDropouts(ctx, args),
    recordDropoutAction: (_parent, args, ctx) => recordDropoutAction(ctx, args),
  },
  DropoutCase: {
    person: (c) => ({ id: c.personId }),
    region: (c) => ({ code: c.regionCode }),
    actions: (c, _args, ctx) => ctx.loaders.caseActions.load(c.id),
  },
};
