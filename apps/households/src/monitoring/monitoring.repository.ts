import type { MonitoringCategory, RiskFlag } from '@epg/domain';
import { keysetPage, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { HouseholdEntity } from '../household/household.entity';
import { MonitoringChangeEntity } from './monitoring.entity';

export interface MonitoredFilter {
  category?: MonitoringCategory | null;
  riskFlag?: RiskFlag | null;
}

/** Watched households inside the scope of `data` matching the filter. */
function watched(data: ScopedData, filter: MonitoredFilter) {
  const query = data.repository(HouseholdEntity).query('h').andWhere('h.monitoring_category IS NOT NULL');
  if (filter.category) query.andWhere('h.monitoring_category = :category', { category: filter.category });
  if (filter.riskFlag) query.andWhere(':flag = ANY(h.monitoring_risks)', { flag: filter.riskFlag });
  return query;
}

/** One page of watched households by registration number (keyset; `first + 1` rows tell if more follow). */
export function findMonitoredPage(data: ScopedData, filter: MonitoredFilter, page: PageRequest): Promise<HouseholdEntity[]> {
  return keysetPage(watched(data, filter), page, [{ expression: 'h.registration_number' }]);
}

export function countMonitored(data: ScopedData, filter: MonitoredFilter): Promise<number> {
  return watched(data, filter).getCount();
}

/** The monitoring histories of households inside the scope, oldest first. */
export function findMonitoringHistories(data: ScopedData, householdIds: readonly string[]): Promise<MonitoringChangeEntity[]> {
  return data
    .owned(MonitoringChangeEntity, 'c', HouseholdEntity, (h) => `${h}.id = c.household_id`)
    .andWhere('c.household_id = ANY(:ids::uuid[])', { ids: householdIds })
    .orderBy('c.id')
    .getMany();
}
