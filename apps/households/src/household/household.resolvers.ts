import { maskIdNumber } from '@epg/domain';
import type { Resolvers } from '../generated/resolvers-types';

export const householdResolvers: Resolvers = {
  Query: {
    household: (_parent, { id }, ctx) => ctx.loaders.household.load(id),
    person: (_parent, { id }, ctx) => ctx.loaders.person.load(id),
  },
  Household: {
    __resolveReference: (ref, ctx) => ctx.loaders.household.load(ref.id),
    village: (household, _args, ctx) => ctx.loaders.region.load(household.villageCode),
  },
  Person: {
    __resolveReference: (ref, ctx) => ctx.loaders.person.load(ref.id),
    idNumberMasked: (person) => maskIdNumber(person.idNumber),
    household: (person, _args, ctx) => ctx.loaders.household.load(person.householdId),
  },
};
