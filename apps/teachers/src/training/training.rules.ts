import { z } from 'zod';
import { isoDateSchema, TRAINING_LEVELS, trainingLevelSchema, type TrainingLevel } from '@epg/domain';

/** Every teacher in a poor area is trained at least once per five-year cycle (每五年轮训一遍). */
export const CYCLE_YEARS = 5;

/**
 * A teacher counts as trained in a cycle once the trainings completed in it add up to 360 hours
 * (每五年一周期、不少于 360 学时, the national continuing-education rule the seeds' 轮训一遍 rests
 * on): a single 1-hour session is one person-time, not a trained teacher.
 */
export const CYCLE_REQUIRED_HOURS = 360;

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

/** Hours of the trainings completed inside the cycle (dates compared as ISO strings). */
export function cycleHours(trainings: readonly { hours: number; completedOn: string }[], cycle: { from: string; to: string }): number {
  return trainings.reduce((sum, t) => (t.completedOn >= cycle.from && t.completedOn <= cycle.to ? sum + t.hours : sum), 0);
}

export interface TrainingGroupRow {
  year: number;
  level: TrainingLevel;
  personTimes: number;
  hours: number;
}

export interface TrainingBreakdown {
  hours: number;
  personTimesByYear: { year: number; personTimes: number; hours: number }[];
  byLevel: { level: TrainingLevel; personTimes: number; hours: number }[];
}

/** Totals per year and per level of a cycle, every year and level listed (zero when none). */
export function trainingBreakdown(rows: readonly TrainingGroupRow[], startYear: number): TrainingBreakdown {
  const years = Array.from({ length: CYCLE_YEARS }, (_, i) => ({ year: startYear + i, personTimes: 0, hours: 0 }));
  const levels = TRAINING_LEVELS.map((level) => ({ level, personTimes: 0, hours: 0 }));
  let hours = 0;
  for (const row of rows) {
    const year = years.find((y) => y.year === row.year);
    const level = levels.find((l) => l.level === row.level);
    if (!year || !level) continue;
    year.personTimes += row.personTimes;
    year.hours += row.hours;
    level.personTimes += row.personTimes;
    level.hours += row.hours;
    hours += row.hours;
  }
  return { hours, personTimesByYear: years, byLevel: levels };
}
