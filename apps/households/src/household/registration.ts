import { z } from 'zod';
import {
  fenSchema,
  genderSchema,
  hasNul,
  NUL_MESSAGE,
  householdCategorySchema,
  isoDateSchema,
  parseIdNumber,
  povertyCauseSchema,
  relationSchema,
  todayIso,
  villageCodeSchema,
  type Gender,
  type HouseholdCategory,
  type PovertyCause,
  type RegionCode,
  type Relation,
} from '@epg/domain';

/**
 * Validating one household registration (pure): the shape (zod), then the rules that need
 * nothing but the record — one head, ID numbers valid and distinct, birth date and gender
 * consistent with the ID number, no future dates.
 */
export const MAX_MEMBERS = 30;

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`).refine((v) => !hasNul(v), NUL_MESSAGE);

export const helperInputSchema = z.object({
  name: text(50),
  unit: text(100),
  phone: z
    .string()
    .regex(/^[0-9+\- ]{5,20}$/, 'a phone number has 5–20 digits')
    .nullish()
    .transform((v) => v ?? null),
});

export const memberSchema = z.object({
  name: text(50),
  idNumber: z.string().max(32, 'an ID number has 18 characters'),
  relationToHead: relationSchema,
  hasDisability: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  birthDate: isoDateSchema.nullish(),
  gender: genderSchema.nullish(),
});

export const registerHouseholdSchema = z.object({
  registrationNumber: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{6,32}$/, 'a registration number has 6–32 letters, digits or dashes'),
  villageCode: villageCodeSchema,
  category: householdCategorySchema,
  povertyCauses: z
    .array(povertyCauseSchema)
    .min(1, 'name at least one poverty cause')
    .refine((causes) => new Set(causes).size === causes.length, 'a cause is listed twice'),
  annualIncomePerCapitaFen: fenSchema,
  identifiedOn: isoDateSchema,
  members: z.array(memberSchema).min(1, 'a household has at least one member').max(MAX_MEMBERS, `at most ${MAX_MEMBERS} members`),
  incomeSources: z
    .array(z.object({ source: text(50), annualFen: fenSchema }))
    .max(20, 'at most 20 income sources')
    .nullish()
    .transform((v) => v ?? []),
  helper: helperInputSchema.nullish().transform((v) => v ?? null),
});

export interface RecordIssue {
  field: string;
  message: string;
}

export interface ValidMember {
  name: string;
  idNumber: string;
  gender: Gender;
  birthDate: string;
  relationToHead: Relation;
  hasDisability: boolean;
}

export interface ValidRegistration {
  registrationNumber: string;
  /** A 12-digit village code (`villageCodeSchema`). */
  villageCode: RegionCode;
  category: HouseholdCategory;
  povertyCauses: PovertyCause[];
  annualIncomePerCapitaFen: number;
  identifiedOn: string;
  incomeSources: { source: string; annualFen: number }[];
  helper: { name: string; unit: string; phone: string | null } | null;
  members: ValidMember[];
}

export type MemberResult = { ok: true; value: ValidMember } | { ok: false; issues: RecordIssue[] };

/**
 * One member's rules that need nothing but the member: a valid ID number, and the birth date and
 * gender (when given) as the number gives them. `field` prefixes the issues' paths.
 */
export function checkMember(member: z.infer<typeof memberSchema>, today: string, field: string): MemberResult {
  const id = parseIdNumber(member.idNumber, today);
  if (!id.ok) return { ok: false, issues: [{ field: `${field}.idNumber`, message: id.message }] };
  const issues: RecordIssue[] = [];
  if (member.birthDate && member.birthDate !== id.value.birthDate) {
    issues.push({ field: `${field}.birthDate`, message: `the ID number gives ${id.value.birthDate}, not ${member.birthDate}` });
  }
  if (member.gender && member.gender !== id.value.gender) {
    issues.push({ field: `${field}.gender`, message: `the ID number gives ${id.value.gender}, not ${member.gender}` });
  }
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: {
      name: member.name,
      idNumber: id.value.idNumber,
      gender: id.value.gender,
      birthDate: id.value.birthDate,
      relationToHead: member.relationToHead,
      hasDisability: member.hasDisability,
    },
  };
}

export type RegistrationResult = { ok: true; value: ValidRegistration } | { ok: false; issues: RecordIssue[] };

export function validateRegistration(raw: unknown, today: string = todayIso()): RegistrationResult {
  const parsed = registerHouseholdSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(record)', message: issue.message })),
    };
  }
  const input = parsed.data;
  const issues: RecordIssue[] = [];
  if (input.identifiedOn > today) issues.push({ field: 'identifiedOn', message: `${input.identifiedOn} is in the future` });
  const heads = input.members.filter((m) => m.relationToHead === 'HEAD').length;
  if (heads !== 1) issues.push({ field: 'members', message: `a household has exactly one HEAD (found ${heads})` });

  const seen = new Map<string, number>();
  const members: ValidMember[] = [];
  input.members.forEach((member, i) => {
    const checked = checkMember(member, today, `members.${i}`);
    if (!checked.ok) return issues.push(...checked.issues);
    const earlier = seen.get(checked.value.idNumber);
    if (earlier !== undefined) {
      return issues.push({ field: `members.${i}.idNumber`, message: `the same ID number as members.${earlier}` });
    }
    seen.set(checked.value.idNumber, i);
    members.push(checked.value);
  });
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: {
      registrationNumber: input.registrationNumber,
      villageCode: input.villageCode,
      category: input.category,
      povertyCauses: input.povertyCauses,
      annualIncomePerCapitaFen: input.annualIncomePerCapitaFen,
      identifiedOn: input.identifiedOn,
      incomeSources: input.incomeSources,
      helper: input.helper,
      members,
    },
  };
}
