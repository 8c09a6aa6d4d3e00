import { seesFullBirthDate, type Principal } from '@epg/auth';

/**
 * What a teacher's birth date may show. The masked ID number hides the birth date (and the last
 * two region digits): a full birth date served next to it would complete most of the number, so
 * only pii:read holders (and our own services) get it; everyone else gets the year.
 */
export function birthYearOf(birthDate: string): number {
  return Number(birthDate.slice(0, 4));
}

/** The full birth date for a principal who may see it, else null. */
export function birthDateFor(principal: Principal, birthDate: string): string | null {
  return seesFullBirthDate(principal) ? birthDate : null;
}

/**
 * What the audit trail keeps of a teacher: neither the full ID number nor the birth date (the
 * trail is read by auditors without pii:read), the birth year instead.
 */
export function teacherAuditView<T extends { idNumber: string; birthDate: string }>(teacher: T) {
  const { idNumber: _id, birthDate, ...rest } = teacher;
  return { ...rest, birthYear: birthYearOf(birthDate) };
}
