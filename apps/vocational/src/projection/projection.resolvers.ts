import { assertCanWrite, assertRegionInScope } from '@epg/auth';
import { regionCodeSchema } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { refreshProjection } from './projection.service';

export const projectionResolvers: Resolvers = {
  Mutation: {
    refreshHouseholdProjection: (_parent, args, ctx) => {
      assertCanWrite(ctx.principal);
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      assertRegionInScope(ctx.principal, regionCode);
      return refreshProjection(ctx, regionCode);
    },
  },
  HouseholdProjectionRefresh: {
    refreshedAt: (refresh) => refresh.refreshedAt.toISOString(),
  },
};
