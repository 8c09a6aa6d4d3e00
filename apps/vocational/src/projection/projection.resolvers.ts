import { assertCanWrite, assertRegionInScope } from '@epg/auth';
import { regionCodeSchema } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { refreshProjection } from './projection.service';

export const projectionResolvers: Resolvers = {
  Mutation: {
    refreshHouseholdProjection: (_parent, args, ctx) => {
      // Not through the write envelope: it changes no facts of this service (it brings the
      // projection, a copy of the households feed, up to date, as reads do when it is stale) and
      // has never been audited; its per-page transactions belong to libs/subgraph-kit
      // refreshProjection, which an envelope's transaction would only hold a second pool
      // connection around. It keeps the rights of a write.
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
