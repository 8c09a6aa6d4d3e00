import { academicYearSchema, regionCodeSchema } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { SubsidiesContext } from '../context';

/**
 * What a region-wide list reads: the caller's scoped data narrowed to the requested region
 * (FORBIDDEN when the region lies outside the scope; the caller's own subtree when it lies above).
 */
export function regionData(ctx: SubsidiesContext, rawRegionCode: string) {
  const regionCode = parseInput(regionCodeSchema, rawRegionCode, 'regionCode');
  return ctx.data.narrowTo(regionCode);
}

/** A region-wide list of one academic year: the region's data and the year, both checked. */
export function listData(ctx: SubsidiesContext, args: { regionCode: string; academicYear: number }) {
  const data = regionData(ctx, args.regionCode);
  const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
  return { data, academicYear };
}
