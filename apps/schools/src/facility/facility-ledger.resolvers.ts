import type { Resolvers } from '../generated/resolvers-types';
import { gapStatus } from './facility-ledger.rules';
import { cancelFacilityGap, editFacilityGap, listFacilityGaps, listProjects, projectFundingTotals } from './facility-ledger.service';

export const facilityLedgerResolvers: Resolvers = {
  Query: {
    facilityGaps: (_parent, args, ctx) => listFacilityGaps(ctx, args),
    improvementProjects: (_parent, args, ctx) => listProjects(ctx, args),
    projectFundingTotals: (_parent, args, ctx) => projectFundingTotals(ctx, args),
  },
  Mutation: {
    editFacilityGap: (_parent, { input }, ctx) => editFacilityGap(ctx, input),
    cancelFacilityGap: (_parent, { input }, ctx) => cancelFacilityGap(ctx, input),
  },
  FacilityGap: {
    status: async (gap, _args, ctx) => gapStatus(gap, await ctx.loaders.gapClosed.load(gap.id)),
  },
};
