import { seesFullBirthDate, type Principal } from '@epg/auth';

/**
 * What a caller may see of a person's birth date (pure). The birth date is 8 of the ID number's
 * 18 characters: a caller who sees the masked number (`3603**********8893`) and the full birth
 * date could complete the number by trying the few remaining county digits against the check
 * character, so the full date goes to pii:read holders and our own services only
 * (`seesFullBirthDate`); everyone sees the year, which leaves hundreds of candidates.
 */
export function visibleBirthDate(principal: Principal, birthDate: string): string | null {
  return seesFullBirthDate(principal) ? birthDate : null;
}

/** The year of an ISO birth date (`2013-02-20` → 2013). */
export function birthYearOf(birthDate: string): number {
  return Number(birthDate.slice(0, 4));
}
