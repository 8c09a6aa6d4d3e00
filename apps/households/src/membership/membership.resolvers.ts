import type { Resolvers } from '../generated/resolvers-types';
import { addHouseholdMember, moveHouseholdMember, removeHouseholdMember } from './membership.service';

export const membershipResolvers: Resolvers = {
  Mutation: {
    addHouseholdMember: (_parent, args, ctx) => addHouseholdMember(ctx, args),
    removeHouseholdMember: (_parent, args, ctx) => removeHouseholdMember(ctx, args),
    moveHouseholdMember: (_parent, args, ctx) => moveHouseholdMember(ctx, args),
  },
  Person: {
    memberships: (person, _args, ctx) => ctx.loaders.personStays.load(person.id),
    leftOn: (person) => person.leftOn,
  },
  Household: {
    membershipHistory: (household, _args, ctx) => ctx.loaders.householdStays.load(household.id),
  },
  HouseholdMembership: {
    person: (stay, _args, ctx) => ctx.loaders.person.load(stay.personId),
    household: (stay, _args, ctx) => ctx.loaders.household.load(stay.householdId),
  },
};
