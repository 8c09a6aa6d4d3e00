import { regionCodeSchema, todayIso } from '@epg/domain';
import { parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { countSkillGaps, findSkillGapPage } from './skill-gap.repository';

export const householdResolvers: Resolvers = {
  Query: {
    householdsWithoutSkilledMember: async (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      const data = ctx.data.narrowTo(regionCode);
      const page = parsePageArgs(args);
      // The projections as the background consumer keeps them (a read never refreshes them).
      const today = todayIso();
      const rows = await findSkillGapPage(data, today, page);
      return toConnection(rows, page, (r) => [r.householdId], () => countSkillGaps(data, today));
    },
  },
  Household: {
    // Owned by households: resolved by key without I/O; hasSkilledMember is one statement per
    // batch over the projection, limited to the caller's region scope.
    __resolveReference: (ref) => ({ id: ref.id }),
    hasSkilledMember: async (household, _args, ctx) => (await ctx.loaders.householdSkill.load(household.id))?.skilled ?? null,
  },
  HouseholdWithoutSkilledMember: {
    household: (row) => ({ id: row.householdId }),
  },
};
