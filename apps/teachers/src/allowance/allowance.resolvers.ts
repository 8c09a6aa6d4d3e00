import { assertRegionInScope } from '@epg/auth';
import { regionCodeSchema } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { findRatesBearingOn } from './allowance.repository';
import { setAllowanceRate, teacherAllowances } from './allowance.service';

export const allowanceResolvers: Resolvers = {
  Query: {
    teacherAllowances: (_parent, args, ctx) => teacherAllowances(ctx, args),
    allowanceRates: (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      assertRegionInScope(ctx.principal, regionCode);
      // Rates are policy rather than region-owned rows (see AllowanceRateEntity): read unscoped.
      return findRatesBearingOn(ctx.data.manager, regionCode);
    },
  },
  Mutation: {
    setAllowanceRate: (_parent, { input }, ctx) => setAllowanceRate(ctx, input),
  },
};
