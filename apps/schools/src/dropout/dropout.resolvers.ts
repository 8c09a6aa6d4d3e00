import type { Resolvers } from '../generated/resolvers-types';
import { assignDropoutCase, closeDropoutCase, getDropoutCase, listDropoutCases, recordDropoutAction, scanForDropouts } from './dropout.service';

export const dropoutResolvers: Resolvers = {
  Query: {
    dropoutCases: (_parent, args, ctx) => listDropoutCases(ctx, args),
    dropoutCase: (_parent, args, ctx) => getDropoutCase(ctx, args),
  },
  Mutation: {
    scanForDropouts: (_parent, args, ctx) => scanForDropouts(ctx, args),
    recordDropoutAction: (_parent, args, ctx) => recordDropoutAction(ctx, args),
    closeDropoutCase: (_parent, args, ctx) => closeDropoutCase(ctx, args),
    assignDropoutCase: (_parent, args, ctx) => assignDropoutCase(ctx, args),
  },
  DropoutCase: {
    person: (c) => ({ id: c.personId }),
    region: (c) => ({ code: c.regionCode }),
    actions: (c, _args, ctx) => ctx.loaders.caseActions.load(c.id),
    assignee: (c) => (c.assigneeName ? { name: c.assigneeName, role: c.assigneeRole, phone: c.assigneePhone } : null),
  },
};
