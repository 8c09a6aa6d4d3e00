import { effectiveRegionPrefix, type Principal } from '@epg/auth';
import { academicYearSchema, canonicalPrefix, isRegionCode } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { refreshProjection } from '../projection/projection.service';
import { indicatorsOf, vocationalCounts } from './indicators';

/**
 * The code prefix to report on: the region's own, when it lies inside the caller's scope; null
 * otherwise (outside the scope, or above it — a partial figure must not pass for the whole region).
 */
export function regionPrefixInScope(principal: Principal, code: string): string | null {
  if (!isRegionCode(code)) return null;
  const prefix = effectiveRegionPrefix(principal, code);
  return prefix !== null && prefix === canonicalPrefix(code) ? prefix : null;
}

export const regionResolvers: Resolvers = {
  Region: {
    __resolveReference: (ref) => ({ code: ref.code }),
    vocationalIndicators: async (region, args, ctx) => {
      const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
      const prefix = regionPrefixInScope(ctx.principal, region.code);
      if (prefix === null) return null;
      // The projection is brought up to date (incrementally, from the region's cursor) first.
      const { refreshedAt } = await refreshProjection(ctx, region.code);
      return indicatorsOf(academicYear, await vocationalCounts(ctx.dataSource, prefix, academicYear), refreshedAt);
    },
  },
};
