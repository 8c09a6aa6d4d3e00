import DataLoader from 'dataloader';
import { regionScopePrefix } from '@epg/auth';
import { recordAudit } from '@epg/persistence';
import { manyByKey, oneByKey, type BaseContext } from '@epg/subgraph-kit';
import { findChildren, findRegionsByCodes, findVillageFacts } from './region/region.repository';
import {
  findHelpMeasures,
  findHelpProgress,
  findHouseholdsByIds,
  findMembers,
  findPeopleByIds,
  findStatusHistories,
} from './household/household.repository';

/** Per-request context of the households service: batched, region-scoped loaders. */
export function createHouseholdsContext(base: BaseContext) {
  const { dataSource } = base;
  const scope = regionScopePrefix(base.principal);
  return {
    ...base,
    loaders: {
      region: oneByKey((codes: readonly string[]) => findRegionsByCodes(dataSource, codes), (r) => r.code),
      childRegions: manyByKey((codes: readonly string[]) => findChildren(dataSource, codes), (r) => r.parentCode ?? ''),
      villageFacts: manyByKey((codes: readonly string[]) => findVillageFacts(dataSource, codes), (f) => f.villageCode),
      household: oneByKey((ids: readonly string[]) => findHouseholdsByIds(dataSource, ids, scope), (h) => h.id),
      person: oneByKey((ids: readonly string[]) => findPeopleByIds(dataSource, ids, scope), (p) => p.id),
      members: manyByKey((ids: readonly string[]) => findMembers(dataSource, ids), (p) => p.householdId),
      statusHistory: manyByKey((ids: readonly string[]) => findStatusHistories(dataSource, ids), (s) => s.householdId),
      helpMeasures: manyByKey((ids: readonly string[]) => findHelpMeasures(dataSource, ids), (m) => m.householdId),
      helpProgress: manyByKey((ids: readonly string[]) => findHelpProgress(dataSource, ids), (p) => p.measureId),
      /** Every full ID-number read is audited: one insert per batch of reads. */
      idNumberReads: new DataLoader<{ personId: string; why: string }, true, string>(
        async (reads) => {
          await recordAudit(
            dataSource.manager,
            base,
            reads.map((read) => ({ operation: 'read:idNumber', entityType: 'Person', entityId: read.personId, after: { why: read.why } })),
          );
          return reads.map(() => true as const);
        },
        { cacheKeyFn: (read) => `${read.personId}|${read.why}` },
      ),
    },
  };
}

export type HouseholdsContext = ReturnType<typeof createHouseholdsContext>;
