import { academicYearSchema, isRegionCode } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { projectionRefreshedAt } from '../projection/projection.service';
import { indicatorsOf } from './indicators';
import { vocationalCountsFromRollup } from './indicator-counts.repository';

export const regionResolvers: Resolvers = {
  Region: {
    __resolveReference: (ref) => ({ code: ref.code }),
    vocationalIndicators: async (region, args, ctx) => {
      const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
      const code = region.code;
      // A report covers the whole region or nothing: null when the region is outside the scope,
      // or above it (a partial figure must not pass for the whole region).
      if (!isRegionCode(code)) return null;
      const data = ctx.data.reportOn(code);
      if (data === null) return null;
      // The projection as the background consumer keeps it: a read never waits for a refresh
      // (a feed round trip per county was ~40% of a dashboard's cost); it says as of when.
      const [counts, refreshedAt] = await Promise.all([vocationalCountsFromRollup(data, academicYear), projectionRefreshedAt(ctx.dataSource, code)]);
      return indicatorsOf(academicYear, counts, refreshedAt);
    },
  },
};
