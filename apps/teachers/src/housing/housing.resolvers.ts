import { todayIso } from '@epg/domain';
import type { Resolvers } from '../generated/resolvers-types';
import { addHousingUnit, allocateHousing, allocationOn, housingSummary, setHousingTarget } from './housing.service';

export const housingResolvers: Resolvers = {
  Query: {
    housingSummary: (_parent, args, ctx) => housingSummary(ctx, args),
  },
  Mutation: {
    setHousingTarget: (_parent, { input }, ctx) => setHousingTarget(ctx, input),
    addHousingUnit: (_parent, { input }, ctx) => addHousingUnit(ctx, input),
    allocateHousing: (_parent, { input }, ctx) => allocateHousing(ctx, input),
  },
  School: {
    housingUnits: (school, _args, ctx) => ctx.loaders.housingUnitsOfSchool.load(school.id),
  },
  HousingUnit: {
    school: (unit) => ({ id: unit.schoolId }),
    allocations: (unit, _args, ctx) => ctx.loaders.allocationsOfUnit.load(unit.id),
    currentAllocation: async (unit, _args, ctx) => allocationOn(await ctx.loaders.allocationsOfUnit.load(unit.id), todayIso()),
  },
  HousingAllocation: {
    teacher: (a, _args, ctx) => ctx.loaders.teacher.load(a.teacherId),
  },
};
