/**
 * School age (学龄, 6–15) on 1 September of an academic year, stated over birth cohorts: a person
 * born in (1 September of c − 1, 1 September of c] belongs to cohort c (SQL: `birth_cohort`), and
 * is aged 6–15 on 1 September of year Y exactly when c lies in [Y − 15, Y − 6].
 */
export const SCHOOL_AGE = { from: 6, to: 15 } as const;

/** The birth cohort of an ISO date (the SQL function `birth_cohort` states the same rule). */
export function birthCohort(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return month > 9 || (month === 9 && day > 1) ? year + 1 : year;
}

/** The cohorts of school age on 1 September of `academicYear` (inclusive bounds). */
export function schoolAgeCohorts(academicYear: number): { from: number; to: number } {
  return { from: academicYear - SCHOOL_AGE.to, to: academicYear - SCHOOL_AGE.from };
}
