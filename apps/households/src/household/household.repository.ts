import type { DataSource } from 'typeorm';
import type { HouseholdCategory, HouseholdStatus } from '@epg/domain';
import { escapeLike, findByIdsInRegion } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { HouseholdEntity } from './household.entity';
import { HelpMeasureEntity, HelpProgressEntity, StatusChangeEntity } from './ledger.entities';
import { PersonEntity } from './person.entity';

/** Households by id, limited to villages inside `regionPrefix` (one statement per batch). */
export function findHouseholdsByIds(dataSource: DataSource, ids: readonly string[], regionPrefix: string): Promise<HouseholdEntity[]> {
  return findByIdsInRegion(dataSource, HouseholdEntity, ids, 'villageCode', regionPrefix);
}

/** People by id, limited to villages inside `regionPrefix` (one statement per batch). */
export function findPeopleByIds(dataSource: DataSource, ids: readonly string[], regionPrefix: string): Promise<PersonEntity[]> {
  return findByIdsInRegion(dataSource, PersonEntity, ids, 'villageCode', regionPrefix);
}

const RELATION_ORDER = `CASE relation_to_head WHEN 'HEAD' THEN 0 WHEN 'SPOUSE' THEN 1 WHEN 'CHILD' THEN 2 ELSE 3 END`;

/** The members of many households (one statement), head first, then by birth date. */
export function findMembers(dataSource: DataSource, householdIds: readonly string[]): Promise<PersonEntity[]> {
  return dataSource
    .getRepository(PersonEntity)
    .createQueryBuilder('p')
    .where('p.household_id = ANY(:ids::uuid[])', { ids: householdIds })
    .orderBy(RELATION_ORDER)
    .addOrderBy('p.birth_date')
    .addOrderBy('p.id')
    .getMany();
}

export function findStatusHistories(dataSource: DataSource, householdIds: readonly string[]): Promise<StatusChangeEntity[]> {
  return dataSource
    .getRepository(StatusChangeEntity)
    .createQueryBuilder('s')
    .where('s.household_id = ANY(:ids::uuid[])', { ids: householdIds })
    .orderBy('s.id')
    .getMany();
}

export function findHelpMeasures(dataSource: DataSource, householdIds: readonly string[]): Promise<HelpMeasureEntity[]> {
  return dataSource
    .getRepository(HelpMeasureEntity)
    .createQueryBuilder('m')
    .where('m.household_id = ANY(:ids::uuid[])', { ids: householdIds })
    .orderBy('m.started_on')
    .addOrderBy('m.id')
    .getMany();
}

export function findHelpProgress(dataSource: DataSource, measureIds: readonly string[]): Promise<HelpProgressEntity[]> {
  return dataSource
    .getRepository(HelpProgressEntity)
    .createQueryBuilder('p')
    .where('p.measure_id = ANY(:ids::uuid[])', { ids: measureIds })
    .orderBy('p.on_date')
    .addOrderBy('p.id')
    .getMany();
}

export interface HouseholdListFilter {
  prefix: string;
  status?: HouseholdStatus | null;
  category?: HouseholdCategory | null;
}

function filtered(dataSource: DataSource, filter: HouseholdListFilter) {
  const query = dataSource
    .getRepository(HouseholdEntity)
    .createQueryBuilder('h')
    .where('h.village_code LIKE :prefix', { prefix: `${escapeLike(filter.prefix)}%` });
  if (filter.status) query.andWhere('h.status = :status', { status: filter.status });
  if (filter.category) query.andWhere('h.category = :category', { category: filter.category });
  return query;
}

/** A prefix this long or longer (a city or smaller) selects a small part of the households. */
const NARROW_PREFIX_LENGTH = 4;

/**
 * One page of households by registration number (keyset; `first + 1` rows tell if more follow).
 *
 * For a city or smaller, the page's registration numbers are picked first from the region's
 * (village, registration number) index alone and sorted (`|| ''` keeps the planner from walking
 * the whole registration-number index instead: numbers of later regions sit at its far end, and a
 * late county's first page then filtered ~294,000 rows, 143 ms, instead of ~8,000 index entries);
 * the rows are read for those numbers only. A province-wide page walks the ordered index.
 */
export function findHouseholdPage(dataSource: DataSource, filter: HouseholdListFilter, page: PageRequest): Promise<HouseholdEntity[]> {
  const after = page.after ? String(page.after[0]) : null;
  if (filter.prefix.length < NARROW_PREFIX_LENGTH) {
    const query = filtered(dataSource, filter);
    if (after) query.andWhere('h.registration_number > :after', { after });
    return query.orderBy('h.registration_number').limit(page.first + 1).getMany();
  }
  const numbers = filtered(dataSource, filter).select('h.registration_number');
  if (after) numbers.andWhere('h.registration_number > :after', { after });
  numbers.orderBy(`h.registration_number || ''`).limit(page.first + 1);
  return dataSource
    .getRepository(HouseholdEntity)
    .createQueryBuilder('page')
    .where(`page.registration_number IN (${numbers.getQuery()})`)
    .setParameters(numbers.getParameters())
    .orderBy('page.registration_number')
    .getMany();
}

export function countHouseholdsMatching(dataSource: DataSource, filter: HouseholdListFilter): Promise<number> {
  return filtered(dataSource, filter).getCount();
}
