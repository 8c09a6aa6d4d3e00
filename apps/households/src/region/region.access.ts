import { parseRegionPrefix, regionOfPrefix, type RegionCode } from '@epg/domain';
import type { RegionScope } from '@epg/persistence';

/** The lengths of canonical prefixes above a region's own (province, city, county, township). */
const PREFIX_LENGTHS_ABOVE = [2, 4, 6, 9] as const;

/**
 * The regions above a scope: those whose canonical prefix begins the scope's (a county officer
 * of 360323 → 360000 and 360300). None for an unscoped batch job, which sees every region.
 */
export function regionsAbove(scope: RegionScope): RegionCode[] {
  const prefix = scope.prefix;
  if (prefix === null) return [];
  return PREFIX_LENGTHS_ABOVE.filter((length) => length < prefix.length).map((length) =>
    regionOfPrefix(parseRegionPrefix(prefix.slice(0, length))),
  );
}

/**
 * A region is visible to a caller when it lies in the caller's subtree, or is one of the
 * subtree's ancestors (so a county officer sees the names of its city and province).
 * The region loaders apply the same rule in SQL (`region.repository.ts`).
 */
export function canSeeRegionNode(scope: RegionScope, regionCode: RegionCode): boolean {
  return scope.contains(regionCode) || regionsAbove(scope).includes(regionCode);
}
