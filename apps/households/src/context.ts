import DataLoader from 'dataloader';
import { maskIdNumber } from '@epg/domain';
import { isUuid, recordAudit } from '@epg/persistence';
import { manyByKey, oneByKey, type BaseContext } from '@epg/subgraph-kit';
import type { RegionEntity } from './region/region.entity';
import { findChildren, findRegionsByCodes, findVillageFacts } from './region/region.repository';
import { findHelpMeasures, findHelpProgress, findMembers, findStatusHistories } from './household/household.repository';
import { HouseholdEntity } from './household/household.entity';
import { PersonEntity } from './household/person.entity';
import { findMonitoringHistories } from './monitoring/monitoring.repository';
import { findStaysInHouseholds, findStaysOfPeople } from './membership/membership.repository';
import { pupilHouseholdsOnly, pupilsOnly, schoolOf } from './pupil/school-scope';

/**
 * Per-request context of the households service: batched loaders, every one over the caller's
 * scoped data. SCHOOL staff's pupils come from the enrolment projection as the background
 * consumer keeps it (a read never refreshes it).
 */
export function createHouseholdsContext(base: BaseContext) {
  const { data } = base;
  const households = data.repository(HouseholdEntity);
  const people = data.repository(PersonEntity);
  const school = schoolOf(base.principal);
  /** Households by id; for SCHOOL staff those of their pupils only. */
  const findHouseholds = (ids: readonly string[]): Promise<HouseholdEntity[]> => {
    if (!school) return households.findByIds(ids);
    const keys = ids.filter(isUuid);
    const find = (some: readonly string[]) =>
      pupilHouseholdsOnly(households.query('h').andWhere('h.id = ANY(:ids::uuid[])', { ids: some }), 'h', school).getMany();
    return keys.length ? find(keys) : Promise.resolve([]);
  };
  /** Persons by id; for SCHOOL staff their pupils only. */
  const findPeople = (ids: readonly string[]): Promise<PersonEntity[]> => {
    if (!school) return people.findByIds(ids);
    const keys = ids.filter(isUuid);
    const find = (some: readonly string[]) =>
      pupilsOnly(people.query('p').andWhere('p.id = ANY(:ids::uuid[])', { ids: some }), 'p', school).getMany();
    return keys.length ? find(keys) : Promise.resolve([]);
  };
  /** Members of households; for SCHOOL staff only their pupils among them. */
  const findHouseholdMembers = (ids: readonly string[]): Promise<PersonEntity[]> => (school ? findMembers(data, ids, school) : findMembers(data, ids));
  return {
    ...base,
    loaders: {
      /** Regions of the caller's subtree and the regions above it (names only); others are absent. */
      region: oneByKey<string, RegionEntity>((codes) => findRegionsByCodes(data, codes), (r) => r.code),
      childRegions: manyByKey<string, RegionEntity>((codes) => findChildren(data, codes), (r) => r.parentCode ?? ''),
      villageFacts: manyByKey((codes: readonly string[]) => findVillageFacts(data, codes), (f) => f.villageCode),
      /** SCHOOL staff: only their pupils and their pupils' households; others answer as missing ids do. */
      household: oneByKey(findHouseholds, (h) => h.id),
      person: oneByKey(findPeople, (p) => p.id),
      members: manyByKey(findHouseholdMembers, (p) => p.householdId),
      statusHistory: manyByKey((ids: readonly string[]) => findStatusHistories(data, ids), (s) => s.householdId),
      /** Stays in households (membership history) of people, and in households, inside the scope. */
      personStays: manyByKey((ids: readonly string[]) => findStaysOfPeople(data, ids.filter(isUuid)), (s) => s.personId),
      householdStays: manyByKey(async (ids: readonly string[]) => {
        const stays = await findStaysInHouseholds(data, ids.filter(isUuid));
        if (!school) return stays;
        // SCHOOL staff see a household's members only where they are their pupils: its history too.
        const pupils = new Set((await findPeople([...new Set(stays.map((s) => s.personId))])).map((p) => p.id));
        return stays.filter((s) => pupils.has(s.personId));
      }, (s) => s.householdId),
      monitoringHistory: manyByKey((ids: readonly string[]) => findMonitoringHistories(data, ids), (c) => c.householdId),
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
