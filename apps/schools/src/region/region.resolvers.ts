import { academicYearSchema, isRegionCode, type RegionCode } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import { parseInput, type BaseContext } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { facilitySummary } from '../facility/facility.repository';
import { educationIndicators } from './indicators';

/**
 * What a report on region `code` reads: the caller's scope narrowed to the region, or null (the
 * field answers null) when the code is no region code or the region is not wholly inside the
 * scope — outside it, or above it (a partial figure must not pass for the whole region).
 */
function reportOn(ctx: BaseContext, code: string): { code: RegionCode; data: ScopedData } | null {
  if (!isRegionCode(code)) return null;
  const data = ctx.data.reportOn(code);
  return data === null ? null : { code, data };
}

export const regionResolvers: Resolvers = {
  Region: {
    __resolveReference: (ref) => ({ code: ref.code }),
    educationIndicators: (region, args, ctx) => {
      const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
      const report = reportOn(ctx, region.code);
      if (report === null) return null;
      return educationIndicators({ data: report.data, dataSource: ctx.dataSource }, report.code, academicYear);
    },
    facilitySummary: (region, _args, ctx) => {
      const report = reportOn(ctx, region.code);
      return report === null ? null : facilitySummary(report.data);
    },
  },
};
