import { z } from 'zod';
import { ageOn } from './dates';

/**
 * Academic years are named by their start year: 2023 means 2023–24, starting on 1 September.
 */
export const ACADEMIC_YEAR_START_MONTH_DAY = '09-01';

export const academicYearSchema = z
  .number()
  .int('an academic year is a whole start year, e.g. 2023 for 2023–24')
  .min(2000, 'an academic year is between 2000 and 2100')
  .max(2100, 'an academic year is between 2000 and 2100');

/** The first day of an academic year (`2023` → `2023-09-01`). */
export function academicYearStart(academicYear: number): string {
  return `${academicYear}-${ACADEMIC_YEAR_START_MONTH_DAY}`;
}

/** The academic year an ISO date falls in (`2024-03-01` → 2023, `2024-09-01` → 2024). */
export function academicYearOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  return isoDate.slice(5) >= ACADEMIC_YEAR_START_MONTH_DAY ? year : year - 1;
}

/** Age on 1 September of the academic year (school age is 6–15 on that day). */
export function ageAtAcademicYearStart(birthDate: string, academicYear: number): number {
  return ageOn(birthDate, academicYearStart(academicYear));
}

/** Compulsory-education age band (义务教育): 6 to 15 on 1 September. */
export const COMPULSORY_AGE = { from: 6, to: 15 } as const;

export function isCompulsorySchoolAge(birthDate: string, academicYear: number): boolean {
  const age = ageAtAcademicYearStart(birthDate, academicYear);
  return age >= COMPULSORY_AGE.from && age <= COMPULSORY_AGE.to;
}
