import { z } from 'zod';
import {
  academicYearOf,
  academicYearSchema,
  academicYearStart,
  checkAtBirthDatePrecision,
  isoDateSchema,
  notBefore,
  plausibleAdultAge,
  plausibleAgeForGrade,
  todayIso,
  type BirthDatePrecision,
  type Implausible,
} from '@epg/domain';

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

/**
 * Why an employment outcome is invalid (field and message), or null. Employment is an outcome of
 * the programme: it is not dated before the graduation (`graduatedOn`, when known).
 */
export function employmentIssue(
  outcome: { employed: boolean; employer?: string | null; since?: string | null },
  today: string = todayIso(),
  graduatedOn: string | null = null,
): { field: string; message: string } | null {
  if (outcome.since != null) {
    if (!isoDateSchema.safeParse(outcome.since).success) return { field: 'since', message: 'expected a date written YYYY-MM-DD' };
    if (outcome.since > today) return { field: 'since', message: 'must not be in the future' };
    const early = graduatedOn === null ? null : notBefore(outcome.since, graduatedOn, 'the graduation');
    if (early) return { field: 'since', message: early };
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

/** A pupil starting secondary vocational (中职) year 1 in `startYear` is of an age for it: no 5-year-old. */
export function enrolmentAgeIssue(birthDate: string, startYear: number, precision: BirthDatePrecision): Implausible {
  return checkAtBirthDatePrecision((b) => plausibleAgeForGrade(b, 'SECONDARY_VOCATIONAL', 1, startYear), birthDate, precision);
}

/**
 * Ages at which a person is flagged 两后生 (初高中毕业未升学): a junior-school graduate is 14 or 15,
 * one who repeated or started late older; up to 30, as adults return to 中职.
 */
export const TWO_AFTER_FLAG_AGE = { min: 13, max: 30 } as const;

/** A 两后生 flag for `year` fits the person's age on 1 September of that year. */
export function twoAfterFlagAgeIssue(birthDate: string, year: number, precision: BirthDatePrecision): Implausible {
  return checkAtBirthDatePrecision((b) => plausibleAdultAge(b, academicYearStart(year), TWO_AFTER_FLAG_AGE, 'a 两后生 flag'), birthDate, precision);
}

/** A schools 学籍 record of a person, as the schools service answers it through the graph. */
export interface SchoolRecord {
  id: string;
  academicYear: number;
  stage: string;
  status: string;
  schoolId: string | null;
}

/**
 * One owner for secondary-vocational 学籍 (issue 21): the schools service owns 学籍 — who studies
 * at which school in which academic year, and the record's status, which subsidies read — and
 * the vocational service owns programmes, skills training and employment. A vocational
 * enrolment is therefore a programme assignment ON a 学籍: it is accepted only when the person
 * holds an ENROLLED SECONDARY_VOCATIONAL record of the start year at the programme's school.
 * The vocational service cannot create that record (its credential to other services is
 * read-only, and boarding and the enrolment date are the school's facts): the school enrols the
 * pupil (`enrolStudent`), then the programme is assigned. So no vocational student exists that
 * the 学籍 ledger (and the subsidies computed from it) does not know, and none at another school.
 *
 * Pure: the record to assign, or why there is none (the message names the way out).
 */
export function schoolRecordFor(
  records: readonly SchoolRecord[],
  programme: { schoolId: string },
  startYear: number,
): { record: SchoolRecord } | { issue: string } {
  const ofYear = records.filter((r) => r.academicYear === startYear && r.status === 'ENROLLED');
  const atSchool = ofYear.find((r) => r.schoolId === programme.schoolId);
  if (!atSchool) {
    if (ofYear.length > 0) {
      return { issue: `the person's ${startYear} 学籍 is at another school: the schools ledger must transfer them (transferStudent) to the programme's school first` };
    }
    return { issue: `the person has no ENROLLED ${startYear} 学籍 at the programme's school: the school enrols them in the schools ledger (enrolStudent) first` };
  }
  if (atSchool.stage !== 'SECONDARY_VOCATIONAL') {
    return { issue: `the person's ${startYear} 学籍 at the programme's school is at stage ${atSchool.stage}, not SECONDARY_VOCATIONAL` };
  }
  return { record: atSchool };
}
