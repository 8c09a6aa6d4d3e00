import { z } from 'zod';
import {
  householdCategorySchema,
  householdStatusSchema,
  schoolOwnershipSchema,
  stageSchema,
  type HouseholdCategory,
  type HouseholdStatus,
  type SchoolOwnership,
  type Stage,
} from '@epg/domain';

/** The facts about one student in one academic year that the subsidy rules look at. */
export interface EntitlementProfile {
  stage: Stage;
  grade: number;
  boarding: boolean;
  specialEducation: boolean;
  schoolOwnership: SchoolOwnership;
  agricultureMajor: boolean;
  ruralResident: boolean;
  /** Null: the household is not in the registry. */
  householdStatus: HouseholdStatus | null;
  householdCategory: HouseholdCategory | null;
  /** Academic year of the household's exit, when EXITED. */
  householdExitedYear: number | null;
  disabled: boolean;
  /** Null: not admitted to a university this year; true: in the province. */
  admittedToUniversityInProvince: boolean | null;
  /** 两后生: a junior or senior graduate who did not continue general schooling. */
  nonContinuingGraduate: boolean;
}

/** The contract's EntitlementProfileInput, validated. */
export const entitlementProfileSchema = z.object({
  stage: stageSchema,
  grade: z.number().int().min(1, 'grade starts at 1').max(6, 'grade is at most 6'),
  boarding: z.boolean(),
  specialEducation: z.boolean(),
  schoolOwnership: schoolOwnershipSchema,
  agricultureMajor: z.boolean().nullish().transform((v) => v ?? false),
  ruralResident: z.boolean().nullish().transform((v) => v ?? false),
  householdStatus: householdStatusSchema.nullish().transform((v) => v ?? null),
  householdCategory: householdCategorySchema.nullish().transform((v) => v ?? null),
  householdExitedYear: z.number().int().min(2000).max(2100).nullish().transform((v) => v ?? null),
  disabled: z.boolean(),
  admittedToUniversityInProvince: z.boolean().nullish().transform((v) => v ?? null),
  nonContinuingGraduate: z.boolean().nullish().transform((v) => v ?? false),
});

/** The profile as the graph's `EntitlementProfile` type serves it (a name codegen's own type does not take). */
export type EntitlementProfileModel = EntitlementProfile;
