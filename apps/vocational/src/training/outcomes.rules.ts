import { rate, SKILLS_TRAINING_KINDS, type SkillsTrainingKind } from '@epg/domain';

/** Trainings of one kind completed in one year, and what followed them. */
export interface TrainingOutcomeCounts {
  kind: SkillsTrainingKind;
  /** Trainings completed in the year (person-times, 人次). */
  trained: number;
  /** Of them, followed by employment (or transfer into employment). */
  employed: number;
  /** Of them, recorded as not employed afterwards. */
  notEmployed: number;
}

export interface TrainingOutcome extends TrainingOutcomeCounts {
  year: number;
  /** Not yet followed up: the outcome is unknown. */
  unknown: number;
  /** employed / trained (null when none trained): an unknown outcome counts as not employed. */
  employmentRate: number | null;
}

/**
 * Pure: one row per training kind, in the kinds' order, for the year — a kind without trainings
 * reports zeros (a report states it had none rather than leaving the row out). The rate's
 * denominator is every training of the year: a training nobody followed up does not count as
 * success (跟踪服务: follow-up is part of the job).
 */
export function trainingOutcomes(year: number, counts: readonly TrainingOutcomeCounts[]): TrainingOutcome[] {
  return SKILLS_TRAINING_KINDS.map((kind) => {
    const c = counts.find((x) => x.kind === kind) ?? { kind, trained: 0, employed: 0, notEmployed: 0 };
    return { ...c, year, unknown: c.trained - c.employed - c.notEmployed, employmentRate: rate(c.employed, c.trained) };
  });
}
