import { forbidden } from '@epg/auth';
import type { Resolvers } from '../generated/resolvers-types';
import { canSeeRegionNode } from './region.access';

export const regionResolvers: Resolvers = {
  Query: {
    region: async (_parent, { code }, ctx) => {
      if (!canSeeRegionNode(ctx.principal, code)) throw forbidden(`region ${code} is outside your region scope`);
      return ctx.loaders.region.load(code);
    },
  },
  Region: {
    __resolveReference: async (ref, ctx) =>
      canSeeRegionNode(ctx.principal, ref.code) ? ctx.loaders.region.load(ref.code) : null,
  },
};
