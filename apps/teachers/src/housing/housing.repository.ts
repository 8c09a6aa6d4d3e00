import type { ScopedData } from '@epg/persistence';
import { HousingAllocationEntity, HousingUnitEntity } from './housing.entities';

/** Housing units of many schools inside the scope (one statement per batch). */
export function findHousingUnitsOfSchools(data: ScopedData, schoolIds: readonly string[]): Promise<HousingUnitEntity[]> {
  return data
    .repository(HousingUnitEntity)
    .query('u')
    .andWhere('u.school_id = ANY(:ids::uuid[])', { ids: schoolIds })
    .orderBy('u.label')
    .getMany();
}

/** Allocations of many units inside the scope, newest first (one statement per batch). */
export function findAllocationsOfUnits(data: ScopedData, unitIds: readonly string[]): Promise<HousingAllocationEntity[]> {
  return data.owned(HousingAllocationEntity, 'a', HousingUnitEntity, (u) => `${u}.id = a.unit_id`)
    .andWhere('a.unit_id = ANY(:ids::uuid[])', { ids: unitIds })
    .orderBy('a.from_date', 'DESC')
    .getMany();
}
