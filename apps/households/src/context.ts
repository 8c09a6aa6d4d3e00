import { regionScopePrefix } from '@epg/auth';
import { oneByKey, type BaseContext } from '@epg/subgraph-kit';
import { findRegionsByCodes } from './region/region.repository';
import { findHouseholdsByIds, findPeopleByIds } from './household/household.repository';

/** Per-request context of the households service: batched, region-scoped loaders. */
export function createHouseholdsContext(base: BaseContext) {
  const { dataSource } = base;
  const scope = regionScopePrefix(base.principal);
  return {
    ...base,
    loaders: {
      region: oneByKey((codes: readonly string[]) => findRegionsByCodes(dataSource, codes), (r) => r.code),
      household: oneByKey((ids: readonly string[]) => findHouseholdsByIds(dataSource, ids, scope), (h) => h.id),
      person: oneByKey((ids: readonly string[]) => findPeopleByIds(dataSource, ids, scope), (p) => p.id),
    },
  };
}

export type HouseholdsContext = ReturnType<typeof createHouseholdsContext>;
