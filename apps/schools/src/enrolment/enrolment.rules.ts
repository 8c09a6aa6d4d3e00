import { z } from 'zod';
import {
  academicYearOf,
  academicYearSchema,
  academicYearStart,
  checkStageFitsSchool,
  notBefore,
  plausibleAcademicYear,
  plausibleAgeForGrade,
  plausibleDateSchema,
  refinePlausible,
  stageSchema,
  withinAcademicYear,
  type SchoolType,
  todayIso,
  type Stage,
} from '@epg/domain';
import type { FieldIssue } from '@epg/subgraph-kit';

const idSchema = z.string().uuid('not an id this graph issued');

/** An academic year enrolments are recorded for: from 2000 to the current one (or next, from June). */
const enrolmentYearSchema = academicYearSchema.superRefine(refinePlausible((year: number) => plausibleAcademicYear(year)));

export const enrolStudentSchema = z
  .object({
    personId: idSchema,
    schoolId: idSchema,
    academicYear: enrolmentYearSchema,
    stage: stageSchema,
    grade: z.number().int('a grade is a whole number').min(1, 'grades start at 1'),
    boarding: z.boolean(),
    specialEducation: z.boolean().nullish(),
    agricultureMajor: z.boolean().nullish(),
    enrolledOn: plausibleDateSchema().nullish(),
  })
  // An enrolment is dated inside its academic year (from June's admissions to the end of August).
  .superRefine((input, ctx) => {
    const outside = input.enrolledOn ? withinAcademicYear(input.enrolledOn, input.academicYear) : null;
    if (outside) ctx.addIssue({ code: 'custom', path: ['enrolledOn'], message: outside });
  });
export type EnrolStudentValues = z.output<typeof enrolStudentSchema>;

export const transferStudentSchema = z.object({
  enrolmentId: idSchema,
  toSchoolId: idSchema,
  stage: stageSchema.nullish(),
  grade: z.number().int('a grade is a whole number').min(1, 'grades start at 1').nullish(),
  boarding: z.boolean(),
  on: plausibleDateSchema().nullish(),
});

/** Stages where a major (agriculture-related or not) is recorded. */
const VOCATIONAL_STAGES: readonly Stage[] = ['SECONDARY_VOCATIONAL', 'HIGHER_VOCATIONAL'];

/**
 * Every reason the enrolment facts do not fit the school (empty when they fit): the stage
 * must be one the school type teaches, the grade within the stage, an agriculture major
 * only at a vocational stage.
 */
export function enrolmentFitIssues(
  schoolType: SchoolType,
  facts: { stage: Stage; grade: number; agricultureMajor?: boolean | null },
  root = 'input',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const misfit = checkStageFitsSchool(schoolType, facts.stage, facts.grade);
  if (misfit) issues.push({ path: `${root}.${misfit.field}`, message: misfit.message });
  if (facts.agricultureMajor && !VOCATIONAL_STAGES.includes(facts.stage)) {
    issues.push({ path: `${root}.agricultureMajor`, message: 'a major is recorded only at a vocational stage' });
  }
  return issues;
}

/** Today when it falls in the academic year, else the year's first day (records entered afterwards). */
export function defaultDateIn(academicYear: number, today = todayIso()): string {
  return academicYearOf(today) === academicYear ? today : academicYearStart(academicYear);
}

/**
 * Every way the pupil's birth makes the enrolment implausible (empty when it fits): dated before
 * the birth, or an age on 1 September that does not fit the stage and grade (no 48-year-old in
 * primary grade 1). Special-education pupils may be older.
 */
export function enrolmentAgeIssues(
  birthDate: string,
  facts: { academicYear: number; stage: Stage; grade: number; enrolledOn: string; specialEducation?: boolean | null },
  root = 'input',
): FieldIssue[] {
  const beforeBirth = notBefore(facts.enrolledOn, birthDate, 'the birth date');
  if (beforeBirth) return [{ path: `${root}.enrolledOn`, message: beforeBirth }];
  const misfit = plausibleAgeForGrade(birthDate, facts.stage, facts.grade, facts.academicYear, { specialEducation: facts.specialEducation ?? false });
  return misfit ? [{ path: `${root}.grade`, message: misfit }] : [];
}
