import { z } from 'zod';
import { EARLIEST_LEDGER_DATE, isoDateSchema, plausibleDateSchema, rate } from '@epg/domain';
import { addDays, addYears, rangesOverlap } from '../teacher/dates';

/** At least 10% of a school's teachers rotate each year. */
export const ROTATION_TARGET_SHARE = 0.1;

/** At least 2 exchange activities per school term for a pairing. */
export const MIN_ACTIVITIES_PER_TERM = 2;

/**
 * An urban teacher's stay at a rural school of at least one year (start to end inclusive)
 * counts towards a senior title.
 */
export function meetsSeniorTitleCondition(r: { fromRural: boolean; toRural: boolean; startDate: string; endDate: string | null }): boolean {
  if (r.fromRural || !r.toRural || r.endDate === null) return false;
  return r.endDate >= addDays(addYears(r.startDate, 1), -1);
}

export function rotationShare(teachers: number, rotated: number) {
  const share = rate(rotated, teachers);
  return { teachers, rotated, share, target: ROTATION_TARGET_SHARE, meetsTarget: share !== null && share >= ROTATION_TARGET_SHARE };
}

/** School terms: autumn from August to January, spring from February to July. */
export function termOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (month >= 8) return `${year}-AUTUMN`;
  if (month === 1) return `${year - 1}-AUTUMN`;
  return `${year}-SPRING`;
}

/** Every term touched by [from, to], in order. */
export function termsBetween(from: string, to: string): string[] {
  const terms: string[] = [];
  if (to < from) return terms;
  let term = termOf(from);
  const last = termOf(to);
  for (;;) {
    terms.push(term);
    if (term === last) return terms;
    const [y, season] = term.split('-') as [string, string];
    term = season === 'SPRING' ? `${y}-AUTUMN` : `${Number(y) + 1}-SPRING`;
  }
}

/** Activity counts per term of a pairing, with the ≥ 2 per term check. */
export function pairingTerms(startedOn: string, endOn: string, activityDates: readonly string[]) {
  const counts = new Map<string, number>();
  for (const d of activityDates) counts.set(termOf(d), (counts.get(termOf(d)) ?? 0) + 1);
  return termsBetween(startedOn, endOn).map((term) => {
    const activities = counts.get(term) ?? 0;
    return { term, activities, meetsMinimum: activities >= MIN_ACTIVITIES_PER_TERM };
  });
}

/** Support teachers sent against a quota (no quota → not met). */
export function quotaProgress(quota: { managers: number; teachers: number } | null, managersSent: number, teachersSent: number) {
  return {
    managersQuota: quota?.managers ?? null,
    teachersQuota: quota?.teachers ?? null,
    managersSent,
    teachersSent,
    met: quota !== null && managersSent >= quota.managers && teachersSent >= quota.teachers,
  };
}

const uuid = z.string().uuid('not an id of this graph');

export const recordRotationSchema = z
  .object({
    teacherId: uuid,
    kind: z.enum(['ROTATION', 'SUPPORT_TEACHING']),
    manager: z.boolean().nullish(),
    toSchoolId: uuid,
    toRural: z.boolean(),
    startDate: isoDateSchema,
    endDate: isoDateSchema.nullish(),
  })
  .refine((r) => !r.endDate || r.endDate >= r.startDate, { path: ['endDate'], message: 'the end date comes after the start date' });

export const yearSchema = z.number().int('a year is a whole number').min(2000, 'from 2000').max(2100, 'until 2100');

export const supportTeachingQuotaSchema = z.object({
  regionCode: z.string(),
  year: yearSchema,
  managers: z.number().int().min(0, 'a quota cannot be negative').max(10_000),
  teachers: z.number().int().min(0, 'a quota cannot be negative').max(10_000),
});

export const pairSchoolsSchema = z
  .object({ strongSchoolId: uuid, supportedSchoolId: uuid, startedOn: isoDateSchema })
  .refine((p) => p.strongSchoolId !== p.supportedSchoolId, { path: ['supportedSchoolId'], message: 'a school cannot pair with itself' });

export const exchangeActivitySchema = z.object({
  pairingId: uuid,
  /** An activity held: a recorded fact, never in the future (a plan would count towards the term's minimum). */
  heldOn: plausibleDateSchema(EARLIEST_LEDGER_DATE),
  title: z.string().trim().min(1, 'the title is required').max(100),
});

export const pairMentorSchema = z
  .object({ mentorId: uuid, menteeId: uuid, startedOn: isoDateSchema })
  .refine((p) => p.mentorId !== p.menteeId, { path: ['menteeId'], message: 'a teacher cannot mentor themself' });

/**
 * A teacher is at one receiving school at a time: the recorded rotation a new one
 * [startDate, endDate] (open end = under way) overlaps, or null.
 */
export function overlappingRotation<R extends { startDate: string; endDate: string | null }>(
  existing: readonly R[],
  startDate: string,
  endDate: string | null,
): R | null {
  return existing.find((r) => rangesOverlap(r.startDate, r.endDate, startDate, endDate)) ?? null;
}
