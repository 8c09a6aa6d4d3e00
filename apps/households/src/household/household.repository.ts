import type { HouseholdCategory, HouseholdStatus } from '@epg/domain';
import { keysetPage, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { HouseholdEntity } from './household.entity';
import { HelpMeasureEntity, HelpProgressEntity, StatusChangeEntity } from './ledger.entities';
import { PersonEntity } from './person.entity';
import { pupilsOnly } from '../pupil/school-scope';

/**
 * Rows of a household's ledger (status changes, help measures and their progress: no region
 * column of their own), already joined to their household `h`, limited to households inside the
 * scope of `data`.
 */
const RELATION_ORDER = `CASE relation_to_head WHEN 'HEAD' THEN 0 WHEN 'SPOUSE' THEN 1 WHEN 'CHILD' THEN 2 ELSE 3 END`;

/**
 * The members of many households inside the scope (one statement), head first, then by birth
 * year — not by birth date: the order would tell a caller who may not see birth dates which of two
 * members born in the same year is older, a clue towards the masked part of their ID numbers.
 * `pupilsOf` (SCHOOL staff): only the pupils of that school among them.
 */
export function findMembers(data: ScopedData, householdIds: readonly string[], pupilsOf?: string): Promise<PersonEntity[]> {
  // Current members only: one who left the registry (`left_on`) reads from `membershipHistory`.
  const query = data
    .repository(PersonEntity)
    .query('p')
    .andWhere('p.household_id = ANY(:ids::uuid[])', { ids: householdIds })
    .andWhere('p.left_on IS NULL');
  return (pupilsOf ? pupilsOnly(query, 'p', pupilsOf) : query)
    .orderBy(RELATION_ORDER)
    .addOrderBy('extract(year FROM p.birth_date)')
    .addOrderBy('p.id')
    .getMany();
}

export function findStatusHistories(data: ScopedData, householdIds: readonly string[]): Promise<StatusChangeEntity[]> {
  return data.owned(StatusChangeEntity, 's', HouseholdEntity, (h) => `${h}.id = s.household_id`)
    .andWhere('s.household_id = ANY(:ids::uuid[])', { ids: householdIds })
    .orderBy('s.id')
    .getMany();
}

export function findHelpMeasures(data: ScopedData, householdIds: readonly string[]): Promise<HelpMeasureEntity[]> {
  return data.owned(HelpMeasureEntity, 'm', HouseholdEntity, (h) => `${h}.id = m.household_id`)
    .andWhere('m.household_id = ANY(:ids::uuid[])', { ids: householdIds })
    .orderBy('m.started_on')
    .addOrderBy('m.id')
    .getMany();
}

/** One help measure of a household inside the scope, or null. */
export function findHelpMeasure(data: ScopedData, measureId: string): Promise<HelpMeasureEntity | null> {
  return data.owned(HelpMeasureEntity, 'm', HouseholdEntity, (h) => `${h}.id = m.household_id`).andWhere('m.id = :id::uuid', { id: measureId }).getOne();
}

export function findHelpProgress(data: ScopedData, measureIds: readonly string[]): Promise<HelpProgressEntity[]> {
  // Progress belongs to a measure, the measure to its household: the household's region decides.
  return data
    .owned(HelpProgressEntity, 'p', HouseholdEntity, (h) => `${h}.id = m.household_id`)
    .innerJoin(HelpMeasureEntity, 'm', 'm.id = p.measure_id')
    .andWhere('p.measure_id = ANY(:ids::uuid[])', { ids: measureIds })
    .orderBy('p.on_date')
    .addOrderBy('p.id')
    .getMany();
}

export interface HouseholdListFilter {
  status?: HouseholdStatus | null;
  category?: HouseholdCategory | null;
}

/** Households inside the scope of `data` (the list's region) matching the filter. */
function filtered(data: ScopedData, filter: HouseholdListFilter) {
  const query = data.repository(HouseholdEntity).query('h');
  if (filter.status) query.andWhere('h.status = :status', { status: filter.status });
  if (filter.category) query.andWhere('h.category = :category', { category: filter.category });
  return query;
}

/** A prefix this long or longer (a city or smaller) selects a small part of the households. */
const NARROW_PREFIX_LENGTH = 4;

/**
 * One page of households by registration number (keyset; `first + 1` rows tell if more follow),
 * inside the scope of `data` (narrowed to the list's region).
 *
 * For a city or smaller, the page's registration numbers are picked first from the region's
 * (village, registration number) index alone and sorted (`|| ''` keeps the planner from walking
 * the whole registration-number index instead: numbers of later regions sit at its far end, and a
 * late county's first page then filtered ~294,000 rows, 143 ms, instead of ~8,000 index entries);
 * the rows are read for those numbers only. A province-wide page walks the ordered index.
 */
export function findHouseholdPage(data: ScopedData, filter: HouseholdListFilter, page: PageRequest): Promise<HouseholdEntity[]> {
  const prefix = data.scope.prefix;
  if (prefix === null || prefix.length < NARROW_PREFIX_LENGTH) {
    return keysetPage(filtered(data, filter), page, [{ expression: 'h.registration_number' }]);
  }
  const after = page.after ? String(page.after[0]) : null;
  const numbers = filtered(data, filter).select('h.registration_number');
  if (after) numbers.andWhere('h.registration_number > :after', { after });
  numbers.orderBy(`h.registration_number || ''`).limit(page.first + 1);
  return data
    .repository(HouseholdEntity)
    .query('page')
    .andWhere(`page.registration_number IN (${numbers.getQuery()})`)
    .setParameters(numbers.getParameters())
    .orderBy('page.registration_number')
    .getMany();
}

export function countHouseholdsMatching(data: ScopedData, filter: HouseholdListFilter): Promise<number> {
  return filtered(data, filter).getCount();
}
