import { assertRegionInScope } from '@epg/auth';
import { academicYearSchema, regionCodeSchema } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { findGoverningPolicySet } from './policy-set.repository';

export const policySetResolvers: Resolvers = {
  Query: {
    subsidyPolicySet: (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
      assertRegionInScope(ctx.principal, regionCode);
      return findGoverningPolicySet(ctx.dataSource, regionCode, academicYear);
    },
  },
};
