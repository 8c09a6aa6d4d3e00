import { birthYearOf } from '@epg/domain';

/**
 * What the audit trail keeps of a teacher: neither the full ID number nor the birth date (the
 * trail is read by auditors without pii:read), the birth year instead. (What a caller sees of the
 * birth date: `visibleBirthDate`, libs/auth.)
 */
export function teacherAuditView<T extends { idNumber: string; birthDate: string }>(teacher: T) {
  const { idNumber: _id, birthDate, ...rest } = teacher;
  return { ...rest, birthYear: birthYearOf(birthDate) };
}
