import { z } from 'zod';
import { ageOn, EARLIEST_CAREER_DATE, idNumberSchema, isoDateSchema, plausibleDateSchema, teacherPostTypeSchema } from '@epg/domain';
import { addDays } from './dates';

/** Hardship tiers: 0 = town school, 1–9 ever harder places (越基层越艰苦待遇越高). */
export const hardshipTierSchema = z
  .number()
  .int('the hardship tier is a whole number')
  .min(0, 'the hardship tier is 0 (town) or more')
  .max(9, 'the hardship tier is at most 9');

const uuidSchema = z.string().uuid('not an id of this graph');

/** The youngest a teacher can be on the first day of service. */
export const MIN_TEACHER_AGE = 18;

export const registerTeacherSchema = z
  .object({
    name: z.string().trim().min(1, 'the name is required').max(50, 'the name is at most 50 characters'),
    idNumber: idNumberSchema,
    schoolId: uuidSchema,
    postType: teacherPostTypeSchema,
    rural: z.boolean(),
    hardshipTier: hardshipTierSchema,
    /** A recorded first day of service: not in the future (a start in 2099 would be counted today), not before 1966. */
    startedOn: plausibleDateSchema(EARLIEST_CAREER_DATE),
    title: z.string().trim().min(1).max(30).nullish(),
    subjects: z.array(z.string().trim().min(1, 'a subject cannot be empty').max(20)).max(10).nullish(),
  })
  .superRefine((input, ctx) => {
    const problem = postingProblem(input.rural, input.hardshipTier);
    if (problem) ctx.addIssue({ code: 'custom', path: ['hardshipTier'], message: problem });
    if (ageOn(input.idNumber.birthDate, input.startedOn) < MIN_TEACHER_AGE) {
      ctx.addIssue({
        code: 'custom',
        path: ['startedOn'],
        message: `a teacher is at least ${MIN_TEACHER_AGE} on the first day of service`,
      });
    }
  });

export type RegisterTeacher = z.output<typeof registerTeacherSchema>;

/** A town school (not rural) is tier 0: the hardship tiers grade rural places. */
export function postingProblem(rural: boolean, hardshipTier: number): string | null {
  return !rural && hardshipTier > 0 ? 'a town (non-rural) school has hardship tier 0' : null;
}

export const moveTeacherSchema = z
  .object({
    teacherId: uuidSchema,
    schoolId: uuidSchema,
    on: isoDateSchema,
    rural: z.boolean().nullish(),
    hardshipTier: hardshipTierSchema.nullish(),
  });

export interface PostingSpan {
  schoolId: string;
  fromDate: string;
  toDate: string | null;
}

/**
 * Checks a move against the current posting and says when the current one ends
 * (the day before the move).
 */
export function planMove(current: PostingSpan, toSchoolId: string, on: string): { ok: true; closeOn: string } | { ok: false; message: string } {
  if (current.toDate !== null) return { ok: false, message: 'the teacher has left the service' };
  if (current.schoolId === toSchoolId) return { ok: false, message: 'the teacher is already posted at that school' };
  if (on <= current.fromDate) {
    return { ok: false, message: `the move must come after the current posting began (${current.fromDate})` };
  }
  return { ok: true, closeOn: addDays(on, -1) };
}

/** The posting in effect on a day, or null. */
export function postingOn<P extends PostingSpan>(postings: readonly P[], date: string): P | null {
  return postings.find((p) => p.fromDate <= date && (p.toDate === null || p.toDate >= date)) ?? null;
}
