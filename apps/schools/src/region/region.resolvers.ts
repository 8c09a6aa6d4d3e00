import { effectiveRegionPrefix, type Principal } from '@epg/auth';
import { academicYearSchema, canonicalPrefix, isRegionCode } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { facilitySummary } from '../facility/facility.repository';
import { educationIndicators } from './indicators';

/**
 * The code prefix to report on: the region's own, when it lies inside the caller's scope; null
 * otherwise (outside the scope, or above it — a partial figure must not pass for the whole region).
 */
function regionPrefixInScope(principal: Principal, code: string): string | null {
  if (!isRegionCode(code)) return null;
  const prefix = effectiveRegionPrefix(principal, code);
  return prefix !== null && prefix === canonicalPrefix(code) ? prefix : null;
}

export const regionResolvers: Resolvers = {
  Region: {
    __resolveReference: (ref) => ({ code: ref.code }),
    educationIndicators: (region, args, ctx) => {
      const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
      const prefix = regionPrefixInScope(ctx.principal, region.code);
      if (prefix === null) return null;
      return educationIndicators(ctx.dataSource, region.code, prefix, academicYear);
    },
    facilitySummary: (region, _args, ctx) => {
      const prefix = regionPrefixInScope(ctx.principal, region.code);
      if (prefix === null) return null;
      return facilitySummary(ctx.dataSource, prefix);
    },
  },
};
