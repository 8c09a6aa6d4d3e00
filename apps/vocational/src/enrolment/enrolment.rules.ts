import { z } from 'zod';
import { academicYearOf, academicYearSchema, academicYearStart, isoDateSchema, todayIso } from '@epg/domain';

/** The academic year today falls in (2023 means 2023–24). */
export function currentAcademicYear(today: string = todayIso()): number {
  return academicYearOf(today);
}

/**
 * Year of study in `asOfYear` of an enrolment that started in `startYear`: advances by one each
 * academic year, from 1 up to the programme's duration; an ended enrolment stays at the year it
 * ended in.
 */
export function yearOfStudy(
  enrolment: { startYear: number; endAcademicYear: number | null },
  durationYears: number,
  asOfYear: number,
): number {
  const year = Math.min(asOfYear, enrolment.endAcademicYear ?? asOfYear);
  return Math.max(1, Math.min(durationYears, year - enrolment.startYear + 1));
}

export function enrolmentInputSchema(today: string = todayIso()) {
  const latest = currentAcademicYear(today) + 1;
  return z.object({
    personId: z.string().min(1, 'required'),
    programId: z.string().min(1, 'required'),
    startYear: academicYearSchema.refine((y) => y <= latest, `the first year of study cannot start after ${latest}`),
    nonContinuingGraduate: z.boolean(),
  });
}

/**
 * Why an enrolment that started in `startYear` cannot end on `endedOn`, or null: the day must
 * be real, not in the future, and not before the first academic year started.
 */
export function endDateIssue(startYear: number, endedOn: string, today: string = todayIso()): string | null {
  if (!isoDateSchema.safeParse(endedOn).success) return 'expected a date written YYYY-MM-DD';
  if (endedOn > today) return 'must not be in the future';
  if (endedOn < academicYearStart(startYear)) return `must not be before the programme started (${academicYearStart(startYear)})`;
  return null;
}

/** Why an employment outcome is invalid (field and message), or null. */
export function employmentIssue(
  outcome: { employed: boolean; employer?: string | null; since?: string | null },
  today: string = todayIso(),
): { field: string; message: string } | null {
  if (outcome.since != null) {
    if (!isoDateSchema.safeParse(outcome.since).success) return { field: 'since', message: 'expected a date written YYYY-MM-DD' };
    if (outcome.since > today) return { field: 'since', message: 'must not be in the future' };
  }
  if (outcome.employed) {
    if (!outcome.employer || !outcome.employer.trim()) return { field: 'employer', message: 'required when employed' };
    if (outcome.employer.trim().length > 200) return { field: 'employer', message: 'at most 200 characters' };
    if (outcome.since == null) return { field: 'since', message: 'required when employed' };
  }
  return null;
}

/** Target employment rate of vocational graduates from poor households (≥ 90%). */
export const EMPLOYMENT_RATE_TARGET = 0.9;

/** Age band of the young people followed up as 两后生 candidates, on 1 September. */
export const TWO_AFTER_AGE = { from: 15, to: 20 } as const;
