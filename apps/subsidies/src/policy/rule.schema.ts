import { z } from 'zod';
import {
  beneficiarySchema,
  entitlementKindSchema,
  fenSchema,
  householdCategorySchema,
  regionCodeSchema,
  schoolOwnershipSchema,
  stageSchema,
  type HouseholdCategory,
  type SchoolOwnership,
} from '@epg/domain';

/**
 * The data format of a subsidy policy set. Rules are declarative: which stages and grades,
 * which conditions on the student's facts, what kind of benefit for whom, how much, and who
 * pays. The engine (engine.ts) evaluates them; no rule or amount lives in code.
 */

/** Yes/no facts of a student's profile (some derived, see engine.ts). */
export const BOOLEAN_FACTS = [
  'boarding',
  'specialEducation',
  'agricultureMajor',
  'ruralResident',
  'disabled',
  'nonContinuingGraduate',
  'admittedToUniversity',
  'admittedToUniversityInProvince',
  'registeredPoor',
  'difficultFamily',
] as const;
export type BooleanFact = (typeof BOOLEAN_FACTS)[number];

export type Condition =
  | { fact: BooleanFact }
  | { fact: 'householdCategory'; in: HouseholdCategory[] }
  | { fact: 'schoolOwnership'; in: SchoolOwnership[] }
  | { any: Condition[] }
  | { all: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ fact: z.enum(BOOLEAN_FACTS) }).strict(),
    z.object({ fact: z.literal('householdCategory'), in: z.array(householdCategorySchema).min(1) }).strict(),
    z.object({ fact: z.literal('schoolOwnership'), in: z.array(schoolOwnershipSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

export const fundingShareSchema = z.object({
  source: z.string().trim().min(1).max(50),
  percent: z.number().int().min(1).max(100),
});

const ruleCode = z.string().regex(/^[A-Z][A-Z0-9-]{1,39}$/, 'a rule code is upper-case letters, digits and dashes, e.g. A-BRD-PRI');

export const ruleSchema = z
  .object({
    code: ruleCode,
    description: z.string().trim().min(1).max(500),
    stages: z.array(stageSchema).min(1, 'a rule names at least one stage'),
    /** Years of study the rule covers (e.g. [1, 2]); absent: every grade. */
    grades: z.array(z.number().int().min(1).max(6)).min(1).optional(),
    when: conditionSchema.optional(),
    kind: entitlementKindSchema,
    beneficiary: beneficiarySchema,
    /** Null: the policy gives no amount (a waiver, a benefit in kind). */
    amountFen: fenSchema.nullable(),
    /** Amount per stage, where it differs from `amountFen`. */
    amountByStage: z.partialRecord(stageSchema, fenSchema).optional(),
    /** The first variant whose condition holds sets the amount. */
    amountWhen: z.array(z.object({ when: conditionSchema, amountFen: fenSchema })).optional(),
    /** A share of another rule's amount for the same stage (e.g. 50% of the boarding grant). */
    amountPercentOf: z
      .object({ ruleByStage: z.partialRecord(stageSchema, ruleCode), percent: z.number().int().min(1).max(100) })
      .optional(),
    /** Who pays, in percent (must add up to 100). */
    funding: z.array(fundingShareSchema).optional(),
    /** Granted from an approved selection list (quota draw, school ranking), never computed from a profile. */
    selectionRequired: z.boolean().optional(),
  })
  .strict()
  .refine((r) => !r.funding || r.funding.reduce((sum, f) => sum + f.percent, 0) === 100, {
    message: 'funding shares must add up to 100',
    path: ['funding'],
  });
export type Rule = z.infer<typeof ruleSchema>;

export const policySetInputSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, 'a set code is upper-case letters, digits and dashes'),
    name: z.string().trim().min(1).max(200),
    // Sets are adopted by provinces, cities and counties (6-digit codes).
    regionCode: regionCodeSchema.refine((code) => code.length === 6, 'a policy set belongs to a province, city or county (6 digits)'),
    fromYear: z.number().int().min(2000).max(2100),
    toYear: z.number().int().min(2000).max(2100).nullable(),
    exitedKeepBenefits: z.boolean(),
    rules: z.array(ruleSchema).min(1, 'a set has at least one rule'),
  })
  .strict()
  .refine((s) => s.toYear === null || s.toYear >= s.fromYear, { message: 'toYear precedes fromYear', path: ['toYear'] })
  .refine((s) => new Set(s.rules.map((r) => r.code)).size === s.rules.length, { message: 'a rule code is used twice', path: ['rules'] })
  .superRefine((s, ctx) => {
    const codes = new Set(s.rules.map((r) => r.code));
    s.rules.forEach((rule, i) => {
      for (const target of Object.values(rule.amountPercentOf?.ruleByStage ?? {})) {
        if (!codes.has(target)) ctx.addIssue({ code: 'custom', message: `amountPercentOf names unknown rule ${target}`, path: ['rules', i, 'amountPercentOf'] });
      }
    });
  });
export type PolicySetDefinition = z.infer<typeof policySetInputSchema>;
