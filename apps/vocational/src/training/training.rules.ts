import { z } from 'zod';
import {
  ageOn,
  checkAtBirthDatePrecision,
  isoDateSchema,
  plausibleAdultAge,
  skillsTrainingKindSchema,
  todayIso,
  type BirthDatePrecision,
  type SkillsTrainingKind,
} from '@epg/domain';

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
 * trained before birth, and a new professional farmer must be 50 or younger on that day. At
 * `year` precision the answer depends on the birth year only: a case the birth day would decide
 * (a training in the birth year, or in the year a farmer turns 51) is left to a pii:read holder.
 */
export function trainingAgeIssue(
  kind: SkillsTrainingKind,
  birthDate: string,
  completedOn: string,
  precision: BirthDatePrecision = 'day',
): string | null {
  const issue = precision === 'day' ? dayPrecisionIssue(kind, birthDate, completedOn) : yearPrecisionIssue(kind, birthDate, completedOn);
  return issue ?? minimumAgeIssue(birthDate, completedOn, precision);
}

/**
 * Skills trainings (新型职业农民, 雨露计划, employment training) are for people of working age: 16
 * or older on the training date (the legal working age), so no 5-year-old farmer.
 */
export const SKILLS_TRAINING_MIN_AGE = 16;

function minimumAgeIssue(birthDate: string, completedOn: string, precision: BirthDatePrecision): string | null {
  const check = (b: string) => plausibleAdultAge(b, completedOn, { min: SKILLS_TRAINING_MIN_AGE, max: 150 }, 'a skills training');
  return checkAtBirthDatePrecision(check, birthDate, precision);
}

function dayPrecisionIssue(kind: SkillsTrainingKind, birthDate: string, completedOn: string): string | null {
  if (completedOn < birthDate) return 'the training cannot end before the person was born';
  if (kind === 'NEW_PROFESSIONAL_FARMER') {
    const age = ageOn(birthDate, completedOn);
    if (age > NEW_PROFESSIONAL_FARMER_MAX_AGE) {
      return `a new professional farmer must be ${NEW_PROFESSIONAL_FARMER_MAX_AGE} or younger on the training date (was ${age})`;
    }
  }
  return null;
}

const LEFT_TO_PII_READ = 'the birth date decides, so a holder of pii:read must record this training';

function yearPrecisionIssue(kind: SkillsTrainingKind, birthDate: string, completedOn: string): string | null {
  const years = Number(completedOn.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (years < 0) return 'the training cannot end before the person was born';
  if (years === 0) return `the training ends in the year the person was born: ${LEFT_TO_PII_READ}`;
  if (kind === 'NEW_PROFESSIONAL_FARMER') {
    const max = NEW_PROFESSIONAL_FARMER_MAX_AGE;
    if (years > max + 1) return `a new professional farmer must be ${max} or younger on the training date (was at least ${max + 1})`;
    if (years === max + 1) return `a new professional farmer must be ${max} or younger on the training date; the person turns ${max + 1} that year: ${LEFT_TO_PII_READ}`;
  }
  return null;
}
