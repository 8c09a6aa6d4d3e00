import type { Resolvers } from '../generated/resolvers-types';

export const householdResolvers: Resolvers = {
  Household: {
    // Owned by households: resolved by key without I/O; hasSkilledMember is one statement per
    // batch over the projection, limited to the caller's region scope.
    __resolveReference: (ref) => ({ id: ref.id }),
    hasSkilledMember: async (household, _args, ctx) => (await ctx.loaders.householdSkill.load(household.id))?.skilled ?? null,
  },
};
