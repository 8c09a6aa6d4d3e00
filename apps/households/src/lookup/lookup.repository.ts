import type { ScopedData } from '@epg/persistence';
import { HouseholdEntity } from '../household/household.entity';
import { PersonEntity } from '../household/person.entity';

/** The household with this registration number inside the scope of `data`, or null. */
export function findHouseholdByRegistrationNumber(data: ScopedData, registrationNumber: string): Promise<HouseholdEntity | null> {
  return data.repository(HouseholdEntity).query('h').andWhere('h.registration_number = :number', { number: registrationNumber }).getOne();
}

/**
 * The person with this ID number inside the scope of `data`: the live one, else the latest record
 * (one identity across the registry's history; older data may hold a number on several rows).
 */
export function findPersonByIdNumber(data: ScopedData, idNumber: string): Promise<PersonEntity | null> {
  return data
    .repository(PersonEntity)
    .query('p')
    .andWhere('p.id_number = :idNumber', { idNumber })
    .orderBy('p.live', 'DESC')
    .addOrderBy('p.changed_at', 'DESC')
    .addOrderBy('p.id')
    .getOne();
}
