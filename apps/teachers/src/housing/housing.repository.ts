import type { DataSource } from 'typeorm';
import { likePrefix } from '../teacher/teacher.repository';
import { HousingAllocationEntity, HousingUnitEntity } from './housing.entities';

/** Housing units of many schools, in scope (one statement per batch). */
export function findHousingUnitsOfSchools(dataSource: DataSource, schoolIds: readonly string[], regionPrefix: string): Promise<HousingUnitEntity[]> {
  return dataSource
    .getRepository(HousingUnitEntity)
    .createQueryBuilder('u')
    .where('u.school_id = ANY(:ids::uuid[])', { ids: schoolIds })
    .andWhere('u.region_code LIKE :prefix', { prefix: likePrefix(regionPrefix) })
    .orderBy('u.label')
    .getMany();
}

/** Allocations of many units, newest first (one statement per batch). */
export function findAllocationsOfUnits(dataSource: DataSource, unitIds: readonly string[]): Promise<HousingAllocationEntity[]> {
  return dataSource
    .getRepository(HousingAllocationEntity)
    .createQueryBuilder('a')
    .where('a.unit_id = ANY(:ids::uuid[])', { ids: unitIds })
    .orderBy('a.from_date', 'DESC')
    .getMany();
}
