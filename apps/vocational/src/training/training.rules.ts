import { z } from 'zod';
import { ageOn, isoDateSchema, skillsTrainingKindSchema, todayIso, type SkillsTrainingKind } from '@epg/domain';

/** 新型职业农民 are trained up to this age (on the training date). */
export const NEW_PROFESSIONAL_FARMER_MAX_AGE = 50;

export function trainingInputSchema(today: string = todayIso()) {
  return z.object({
    personId: z.string().min(1, 'required'),
    kind: skillsTrainingKindSchema,
    hours: z.number().int('whole hours').min(1, 'must be more than 0').max(5000, 'at most 5000 hours'),
    completedOn: isoDateSchema.refine((d) => d <= today, 'must not be in the future'),
    certificate: z
      .string()
      .trim()
      .max(200, 'at most 200 characters')
      .nullish()
      .transform((c) => (c ? c : null)),
    employedAfter: z.boolean().nullish().transform((e) => e ?? null),
  });
}

/**
 * Why `person` cannot take a training of `kind` completed on `completedOn`, or null: nobody is
 * trained before birth, and a new professional farmer must be 50 or younger on that day.
 */
export function trainingAgeIssue(kind: SkillsTrainingKind, birthDate: string, completedOn: string): string | null {
  if (completedOn < birthDate) return 'the training cannot end before the person was born';
  if (kind === 'NEW_PROFESSIONAL_FARMER') {
    const age = ageOn(birthDate, completedOn);
    if (age > NEW_PROFESSIONAL_FARMER_MAX_AGE) {
      return `a new professional farmer must be ${NEW_PROFESSIONAL_FARMER_MAX_AGE} or younger on the training date (was ${age})`;
    }
  }
  return null;
}
