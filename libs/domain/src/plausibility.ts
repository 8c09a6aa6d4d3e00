import { z } from 'zod';
import { academicYearOf, academicYearStart, ageAtAcademicYearStart } from './academic-year';
import { ageOn, isValidIsoDate, todayIso } from './dates';
import type { Stage } from './enums';
import { STAGE_GRADES } from './school-stages';

/**
 * Plausibility rules (facts no ledger may hold): dates against today, dates against a birth,
 * ages per stage, academic-year windows. Pure functions; each answers `null` when the fact is
 * plausible, else the rule it breaks, worded for the caller ("… is in the future"). Services use
 * them through their zod input schemas (`plausibleDateSchema`, `refine…`), so a refusal is a
 * BAD_USER_INPUT naming the field and the rule, and nothing is written.
 */
export type Implausible = string | null;

/**
 * The earliest date a ledger fact of this graph may carry: the registry, subsidies and projects
 * start with the 2000s programmes (两免一补 2006, 全面改薄 2013, 精准扶贫 2014). Facts about a
 * person's own past (a teacher's first post, a birth) have their own lower bounds.
 */
export const EARLIEST_LEDGER_DATE = '2000-01-01';

/** The earliest first day of work a serving teacher can have (one born 1950 starting at 18). */
export const EARLIEST_CAREER_DATE = '1966-01-01';

/** A date that must not lie after today (a recorded fact, not a plan). */
export function notInFuture(date: string, today: string = todayIso()): Implausible {
  return date > today ? `${date} is in the future (today is ${today})` : null;
}

/** A date inside [from, to] (either bound optional; `to` defaults to today). */
export function dateBetween(date: string, bounds: { from?: string; to?: string }, today: string = todayIso()): Implausible {
  if (bounds.from && date < bounds.from) return `${date} is before ${bounds.from}, earlier than any fact this ledger holds`;
  return notInFuture(date, bounds.to ?? today);
}

/** A date that must not come before another (`enrolledOn` after the birth, employment after graduation). */
export function notBefore(date: string, earliest: string, what: string): Implausible {
  return date < earliest ? `${date} is before ${what} (${earliest})` : null;
}

/** A year a fact is recorded for (a poor-village year, a training year): from 2000 to this year. */
export function plausibleFactYear(year: number, today: string = todayIso()): Implausible {
  const thisYear = Number(today.slice(0, 4));
  if (!Number.isInteger(year) || year < 2000) return `${year} is before 2000, earlier than any fact this ledger holds`;
  return year > thisYear ? `${year} is in the future (this year is ${thisYear})` : null;
}

/**
 * An academic year facts are recorded for: from 2000 to the current one, or the next one once its
 * enrolment is under way (from 1 June: admissions for September are recorded in summer).
 */
export function plausibleAcademicYear(academicYear: number, today: string = todayIso()): Implausible {
  const current = academicYearOf(today);
  const monthDay = today.slice(5);
  const summer = monthDay >= '06-01' && monthDay < '09-01';
  const latest = summer ? current + 1 : current;
  if (!Number.isInteger(academicYear) || academicYear < 2000) return `academic year ${academicYear} is before 2000`;
  return academicYear > latest ? `academic year ${academicYear} has not started (the latest open is ${latest})` : null;
}

/** The last day of an academic year (`2023` → `2024-08-31`). */
export function academicYearEnd(academicYear: number): string {
  return `${academicYear + 1}-08-31`;
}

/**
 * A date inside its academic year's window [Y-09-01 − 3 months of summer enrolment, (Y+1)-08-31]:
 * pupils are enrolled from June for September.
 */
export function withinAcademicYear(date: string, academicYear: number): Implausible {
  const from = `${academicYear}-06-01`;
  const to = academicYearEnd(academicYear);
  return date < from || date > to ? `${date} lies outside academic year ${academicYear} (${from} to ${to})` : null;
}

/**
 * The admission window of the university entrance exam (高考录取) for students entering university
 * in `academicYear`: the exam is sat in early June, scores come out in late June, and the batches
 * (本科批, 专科批) and the supplementary rounds (征集志愿) admit until the autumn term has begun.
 */
export function universityAdmissionWindow(academicYear: number): { from: string; to: string } {
  return { from: `${academicYear}-06-20`, to: `${academicYear}-10-31` };
}

/** An admission date (录取日期) inside the admission window of `academicYear` and not in the future. */
export function plausibleAdmissionDate(date: string, academicYear: number, today: string = todayIso()): Implausible {
  const { from, to } = universityAdmissionWindow(academicYear);
  if (date < from || date > to) return `${date} lies outside the ${academicYear} university admission window (${from} to ${to})`;
  return notInFuture(date, today);
}

/** The usual age on 1 September of grade 1 of each stage (入学年龄). */
export const STAGE_ENTRY_AGE: Record<Stage, number> = {
  PRESCHOOL: 3,
  PRIMARY: 6,
  JUNIOR: 12,
  SENIOR: 15,
  SECONDARY_VOCATIONAL: 15,
  HIGHER_VOCATIONAL: 18,
  UNDERGRADUATE: 18,
};

/**
 * How far a pupil's age may sit from the usual age of their grade: rural children start late or
 * repeat a year (two younger, four older); adults return to vocational and higher education
 * (两后生, 新型职业农民 in 中职: up to 45 older); special education takes children with
 * disabilities at any age up to 8 years late.
 */
export const STAGE_AGE_SLACK: Record<Stage, { younger: number; older: number }> = {
  PRESCHOOL: { younger: 1, older: 2 },
  PRIMARY: { younger: 1, older: 4 },
  JUNIOR: { younger: 2, older: 4 },
  SENIOR: { younger: 2, older: 5 },
  SECONDARY_VOCATIONAL: { younger: 1, older: 30 },
  HIGHER_VOCATIONAL: { younger: 2, older: 30 },
  UNDERGRADUATE: { younger: 3, older: 30 },
};

/** Extra years older a pupil of a special-education school may be (特殊教育). */
export const SPECIAL_EDUCATION_EXTRA_YEARS = 8;

/**
 * A pupil's age on 1 September of the academic year fits the stage and grade: no 48-year-old in
 * primary grade 1, no 5-year-old in secondary vocational.
 */
export function plausibleAgeForGrade(
  birthDate: string,
  stage: Stage,
  grade: number,
  academicYear: number,
  options: { specialEducation?: boolean } = {},
): Implausible {
  const age = ageAtAcademicYearStart(birthDate, academicYear);
  const usual = STAGE_ENTRY_AGE[stage] + grade - 1;
  const slack = STAGE_AGE_SLACK[stage];
  const youngest = usual - slack.younger;
  const oldest = usual + slack.older + (options.specialEducation ? SPECIAL_EDUCATION_EXTRA_YEARS : 0);
  if (age < youngest || age > oldest) {
    return `a pupil aged ${age} on ${academicYearStart(academicYear)} does not fit ${stage} grade ${grade} (ages ${youngest} to ${oldest})`;
  }
  return null;
}

/** An adult's age on a date within [min, max] (training, employment, a teacher's post). */
export function plausibleAdultAge(birthDate: string, on: string, bounds: { min: number; max: number }, what: string): Implausible {
  if (on < birthDate) return `${on} is before the birth date (${birthDate})`;
  const age = ageOn(birthDate, on);
  return age < bounds.min || age > bounds.max ? `${what} at age ${age} is implausible (ages ${bounds.min} to ${bounds.max})` : null;
}

/** zod: adds an issue for an implausible value (the rule's wording is the message). */
export function refinePlausible<T>(check: (value: T) => Implausible) {
  return (value: T, ctx: z.RefinementCtx): void => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/**
 * zod: an ISO date of a recorded fact, from `from` (default EARLIEST_LEDGER_DATE) to today —
 * today read when the input is parsed, never at start-up.
 */
export function plausibleDateSchema(from: string = EARLIEST_LEDGER_DATE) {
  return z
    .string()
    .refine(isValidIsoDate, 'expected a date written YYYY-MM-DD')
    .superRefine(refinePlausible((date: string) => dateBetween(date, { from })));
}

/** How much of a birth date a rule may decide on (`birthDatePrecision` in libs/auth). */
export type BirthDatePrecision = 'day' | 'year';

/**
 * A plausibility check of a person at the precision the caller may use: the whole birth date, or
 * the birth year only (`implausibleWhateverTheBirthDay`).
 */
export function checkAtBirthDatePrecision(
  check: (birthDate: string) => Implausible,
  birthDate: string,
  precision: BirthDatePrecision,
): Implausible {
  return precision === 'day' ? check(birthDate) : implausibleWhateverTheBirthDay(check, birthDate);
}

/**
 * A rule on a birth date answered from the birth year alone, for a caller who may not see the day
 * (no birth-date oracle): implausible only when it is for both the first and the last day of that
 * year — for an age band, every day between — so the answer tells nothing of the day.
 */
export function implausibleWhateverTheBirthDay(check: (birthDate: string) => Implausible, birthDate: string): Implausible {
  const year = birthDate.slice(0, 4);
  const first = check(`${year}-01-01`);
  const last = check(`${year}-12-31`);
  return first !== null && last !== null ? last : null;
}

/**
 * The date of a 学籍 transition (graduation, suspension, resumption, dropout) on a record of
 * `academicYear` enrolled on `enrolledOn`: not in the future, not before the enrolment (nor before
 * `after`, e.g. the suspension a resumption ends), and inside the record's academic year — a later
 * year is a new record, not a transition of this one.
 */
export function plausibleTransitionDate(
  on: string,
  record: { academicYear: number; enrolledOn: string; after?: { date: string; what: string } | null },
  today: string = todayIso(),
): Implausible {
  return (
    notInFuture(on, today) ??
    notBefore(on, record.enrolledOn, 'the enrolment') ??
    (record.after ? notBefore(on, record.after.date, record.after.what) : null) ??
    withinAcademicYear(on, record.academicYear)
  );
}

/** Graduation (毕业) is from a stage's last grade only (primary grade 6, junior grade 3 …). */
export function graduationGradeIssue(stage: Stage, grade: number): Implausible {
  const last = STAGE_GRADES[stage];
  return grade === last ? null : `only a pupil of the last grade (${last}) of the ${stage} stage graduates; this record is grade ${grade}`;
}

/** How far ahead a plan or target may be adopted: one five-year plan (五年规划). */
export const PLAN_HORIZON_YEARS = 5;

/**
 * A year a target or plan takes effect (a target adopted from 2020, set in 2016): from 2000 to at
 * most `PLAN_HORIZON_YEARS` after this year — not a recorded fact, so the future is allowed, within a plan.
 */
export function plausiblePlanYear(year: number, today: string = todayIso()): Implausible {
  const latest = Number(today.slice(0, 4)) + PLAN_HORIZON_YEARS;
  if (!Number.isInteger(year) || year < 2000) return `${year} is before 2000, earlier than any fact this ledger holds`;
  return year > latest ? `${year} is beyond one five-year plan ahead (the latest is ${latest})` : null;
}

/**
 * A date a plan is due by (a housing or enrolment target): not before EARLIEST_LEDGER_DATE (the
 * seeds' plans run from 2015), at most `yearsAhead` years after today (default: one five-year plan, like plausiblePlanYear) — a plan, not a fact, so
 * it may lie in the future, but not past any plan a county makes.
 */
export function plannedDate(date: string, yearsAhead = PLAN_HORIZON_YEARS, today: string = todayIso()): Implausible {
  if (date < EARLIEST_LEDGER_DATE) return `${date} is before ${EARLIEST_LEDGER_DATE}, earlier than any plan this ledger holds`;
  const latest = `${Number(today.slice(0, 4)) + yearsAhead}${today.slice(4)}`;
  return date > latest ? `${date} is more than ${yearsAhead} years ahead (latest ${latest})` : null;
}
