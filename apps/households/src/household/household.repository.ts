import type { DataSource } from 'typeorm';
import { findByIdsInRegion } from '@epg/persistence';
import { HouseholdEntity } from './household.entity';
import { PersonEntity } from './person.entity';

/** Households by id, limited to villages inside `regionPrefix` (one statement per batch). */
export function findHouseholdsByIds(dataSource: DataSource, ids: readonly string[], regionPrefix: string): Promise<HouseholdEntity[]> {
  return findByIdsInRegion(dataSource, HouseholdEntity, ids, 'villageCode', regionPrefix);
}

/** People by id, limited to villages inside `regionPrefix` (one statement per batch). */
export function findPeopleByIds(dataSource: DataSource, ids: readonly string[], regionPrefix: string): Promise<PersonEntity[]> {
  return findByIdsInRegion(dataSource, PersonEntity, ids, 'villageCode', regionPrefix);
}
