import { z } from 'zod';
import { regionCodeSchema, regionLevelOf, type Stage } from '@epg/domain';
import type { EntitlementProfile } from '../profile';

/**
 * The nutrition improvement plan (农村义务教育学生营养改善计划), from the sources: "按照每生每天4元,
 * 一年200天标准落实农村义务教育学生营养改善计划,确保全县农村义务教育学校学生都能享受" (a county's 2020s
 * work plan, sources/002 part 19), and schools' plans giving the meal subsidy at 4 yuan per student per
 * day. So: rural students in compulsory education (primary and junior) of covered counties, 4 yuan a
 * school day, 200 school days a year = 80,000 fen a student a year, paid to the school's canteen as
 * a school-level benefit, never as cash to the family. The rate is data per county (national
 * standards changed over the years), defaulting to the sources' 4 yuan × 200 days.
 */
export const NUTRITION_DEFAULT_DAILY_FEN = 400;
export const NUTRITION_DEFAULT_SCHOOL_DAYS = 200;
/** The plan began in autumn 2011: no county is covered for an earlier academic year. */
export const NUTRITION_PLAN_FIRST_YEAR = 2011;
/** A ceiling against typing errors: 20 yuan a school day is five times the sources' rate. */
export const NUTRITION_DAILY_CEILING_FEN = 2000;
/** A school year has at most 250 school days (52 five-day weeks minus holidays). */
export const NUTRITION_MAX_SCHOOL_DAYS = 250;

/** Compulsory education (义务教育): the stages the plan covers. */
export const COMPULSORY_STAGES: readonly Stage[] = ['PRIMARY', 'JUNIOR'];

export const nutritionCountyInputSchema = z
  .object({
    countyCode: regionCodeSchema.refine((code) => code.length === 6 && regionLevelOf(code) === 'COUNTY', 'a county code (6 digits, not a province or city)'),
    fromYear: z.number().int().min(NUTRITION_PLAN_FIRST_YEAR, `the plan began in ${NUTRITION_PLAN_FIRST_YEAR}`).max(2100),
    toYear: z.number().int().min(NUTRITION_PLAN_FIRST_YEAR).max(2100).nullish().transform((v) => v ?? null),
    dailyFen: z
      .number()
      .int()
      .min(1, 'more than 0 fen a day')
      .max(NUTRITION_DAILY_CEILING_FEN, `at most ${NUTRITION_DAILY_CEILING_FEN} fen a day`)
      .nullish()
      .transform((v) => v ?? NUTRITION_DEFAULT_DAILY_FEN),
    schoolDays: z
      .number()
      .int()
      .min(1, 'at least one school day')
      .max(NUTRITION_MAX_SCHOOL_DAYS, `at most ${NUTRITION_MAX_SCHOOL_DAYS} school days`)
      .nullish()
      .transform((v) => v ?? NUTRITION_DEFAULT_SCHOOL_DAYS),
  })
  .refine((c) => c.toYear === null || c.toYear >= c.fromYear, { message: 'toYear precedes fromYear', path: ['toYear'] });
export type NutritionCountyInput = z.infer<typeof nutritionCountyInputSchema>;

/** Whether a county's coverage includes an academic year. */
export function coversYear(plan: { fromYear: number; toYear: number | null }, academicYear: number): boolean {
  return plan.fromYear <= academicYear && (plan.toYear === null || plan.toYear >= academicYear);
}

/** Whether a student counts for the plan: in compulsory education and a rural resident that year. */
export function countsForNutritionPlan(profile: Pick<EntitlementProfile, 'stage' | 'ruralResident'>): boolean {
  return COMPULSORY_STAGES.includes(profile.stage) && profile.ruralResident;
}

/** A school's figure for a year: students counted × the county's rate × its school days (0 when not covered). */
export function nutritionBenefitOf(plan: { dailyFen: number; schoolDays: number } | null, studentsCounted: number): { perStudentFen: number; amountFen: number } {
  if (!plan) return { perStudentFen: 0, amountFen: 0 };
  const perStudentFen = plan.dailyFen * plan.schoolDays;
  return { perStudentFen, amountFen: perStudentFen * studentsCounted };
}
