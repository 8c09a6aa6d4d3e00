import { canonicalPrefix, type RegionCode } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import type { BaseContext } from '@epg/subgraph-kit';

/**
 * The region whose projections a region-wide read refreshes: the narrower of the requested
 * region and the caller's scope (`data` is the caller's data narrowed to the request).
 */
export function projectionRegionOf(ctx: BaseContext, data: ScopedData, regionCode: RegionCode): RegionCode {
  return data.scope.prefix === canonicalPrefix(regionCode) ? regionCode : ctx.principal.regionCode;
}
