import { z } from 'zod';
import { isoDateSchema, trainingLevelSchema } from '@epg/domain';

/** Every teacher in a poor area is trained at least once per five-year cycle (每五年轮训一遍). */
export const CYCLE_YEARS = 5;

export const cycleStartYearSchema = z
  .number()
  .int('the cycle start year is a whole number')
  .min(2000, 'the cycle start year is 2000 or later')
  .max(2100, 'the cycle start year is 2100 or earlier');

/** The cycle [startYear, startYear + 4] as inclusive dates. */
export function trainingCycle(startYear: number): { startYear: number; endYear: number; from: string; to: string } {
  const endYear = startYear + CYCLE_YEARS - 1;
  return { startYear, endYear, from: `${startYear}-01-01`, to: `${endYear}-12-31` };
}

export const recordTrainingSchema = z.object({
  teacherId: z.string().uuid('not an id of this graph'),
  level: trainingLevelSchema,
  title: z.string().trim().min(1, 'the title is required').max(100, 'the title is at most 100 characters'),
  hours: z.number().int('hours are whole hours').min(1, 'a training lasts at least 1 hour').max(2000, 'at most 2000 hours'),
  completedOn: isoDateSchema,
});

/** A training cannot be completed before the teacher started or after the teacher left. */
export function trainingDateProblem(completedOn: string, startedOn: string, leftOn: string | null, today: string): string | null {
  if (completedOn > today) return 'a training cannot be completed in the future';
  if (completedOn < startedOn) return `the teacher started on ${startedOn}`;
  if (leftOn !== null && completedOn > leftOn) return `the teacher left on ${leftOn}`;
  return null;
}
