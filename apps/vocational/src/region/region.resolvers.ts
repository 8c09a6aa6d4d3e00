import { academicYearSchema, isRegionCode } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { refreshIfStale } from '../projection/projection.service';
import { indicatorsOf } from './indicators';
import { vocationalCountsFromRollup } from './indicator-counts.repository';

/**
 * How old the projection may be when indicators are computed (they say how old: `refreshedAt`).
 * 30 s, not less: under load across a province's counties each refresh is a feed round trip per
 * county, and at 5 s those took ~40% of what a dashboard costs (37 counties, c=8: 65 → 108
 * dashboards/s without them).
 */
export const INDICATOR_FRESHNESS_MS = 30_000;

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
      // The projection is brought up to date first (incrementally, from the region's cursor),
      // unless a refresh of the last few seconds covers it: dashboards under load share one,
      // started ahead of the limit in the background (see refreshIfStale).
      const refreshedAt = await refreshIfStale(ctx, code, INDICATOR_FRESHNESS_MS);
      return indicatorsOf(academicYear, await vocationalCountsFromRollup(data, academicYear), refreshedAt);
    },
  },
};
