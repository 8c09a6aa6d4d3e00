import { isInside } from '@epg/domain';
import type { Principal } from '@epg/auth';

/**
 * A region is visible to a caller when it lies in the caller's subtree, or is one of the
 * subtree's ancestors (so a county officer sees the names of its city and province).
 */
export function canSeeRegionNode(principal: Principal, regionCode: string): boolean {
  return isInside(regionCode, principal.regionCode) || isInside(principal.regionCode, regionCode);
}
