import DataLoader from 'dataloader';
import { maskIdNumber } from '@epg/domain';
import { recordAudit } from '@epg/persistence';
import { manyByKey, oneByKey, type BaseContext } from '@epg/subgraph-kit';
import type { RegionEntity } from './region/region.entity';
import { findChildren, findRegionsByCodes, findVillageFacts } from './region/region.repository';
import { findHelpMeasures, findHelpProgress, findMembers, findStatusHistories } from './household/household.repository';
import { HouseholdEntity } from './household/household.entity';
import { PersonEntity } from './household/person.entity';

/** Per-request context of the households service: batched loaders, every one over the caller's scoped data. */
export function createHouseholdsContext(base: BaseContext) {
  const { data } = base;
  const households = data.repository(HouseholdEntity);
  const people = data.repository(PersonEntity);
  return {
    ...base,
    loaders: {
      /** Regions of the caller's subtree and the regions above it (names only); others are absent. */
      region: oneByKey<string, RegionEntity>((codes) => findRegionsByCodes(data, codes), (r) => r.code),
      childRegions: manyByKey<string, RegionEntity>((codes) => findChildren(data, codes), (r) => r.parentCode ?? ''),
      villageFacts: manyByKey((codes: readonly string[]) => findVillageFacts(data, codes), (f) => f.villageCode),
      household: oneByKey((ids: readonly string[]) => households.findByIds(ids), (h) => h.id),
      person: oneByKey((ids: readonly string[]) => people.findByIds(ids), (p) => p.id),
      members: manyByKey((ids: readonly string[]) => findMembers(data, ids), (p) => p.householdId),
      statusHistory: manyByKey((ids: readonly string[]) => findStatusHistories(data, ids), (s) => s.householdId),
      helpMeasures: manyByKey((ids: readonly string[]) => findHelpMeasures(data, ids), (m) => m.householdId),
      helpProgress: manyByKey((ids: readonly string[]) => findHelpProgress(data, ids), (p) => p.measureId),
      /**
       * Every full ID-number read is audited (a read, not a write: no envelope): one insert per batch
       * of reads, each placed in the person's household region and naming the number masked only.
       */
      idNumberReads: new DataLoader<{ person: PersonEntity; why: string }, true, string>(
        async (reads) => {
          await recordAudit(
            base.dataSource.manager,
            base,
            reads.map(({ person, why }) => ({
              operation: 'read:idNumber',
              regionCode: person.villageCode,
              entityType: 'Person',
              entityId: person.id,
              after: { why, idNumberMasked: maskIdNumber(person.idNumber) },
            })),
          );
          return reads.map(() => true as const);
        },
        { cacheKeyFn: (read) => `${read.person.id}|${read.why}` },
      ),
    },
  };
}

export type HouseholdsContext = ReturnType<typeof createHouseholdsContext>;
