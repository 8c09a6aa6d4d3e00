import type { RegionCode } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import { HousingAllocationEntity, HousingTargetEntity, HousingUnitEntity } from './housing.entities';
import type { HousingCounts } from './housing.rules';

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

/** The target set for exactly this region, if it lies inside the scope. */
export function findTarget(data: ScopedData, regionCode: RegionCode): Promise<HousingTargetEntity | null> {
  return data.repository(HousingTargetEntity).query('t').andWhere('t.region_code = :regionCode', { regionCode }).getOne();
}

/**
 * Units of the scope standing on `on` (built by then, or with no build date) and those let that
 * day, in one statement.
 */
export async function countHousing(data: ScopedData, on: string): Promise<HousingCounts> {
  const [row] = await data.query<HousingCounts>(
    (region) => `
      SELECT count(*)::int AS built,
             count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM housing_allocation a
                WHERE a.unit_id = u.id AND a.from_date <= $2::date AND (a.to_date IS NULL OR a.to_date >= $2::date)))::int AS allocated
        FROM housing_unit u
       WHERE ${region('u.region_code')} AND (u.built_on IS NULL OR u.built_on <= $2::date)`,
    [on],
  );
  return { built: row?.built ?? 0, allocated: row?.allocated ?? 0 };
}
