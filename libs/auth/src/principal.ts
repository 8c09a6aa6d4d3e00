import { z } from 'zod';
import { regionCodeSchema, type BirthDatePrecision } from '@epg/domain';

/** Roles from the security model (DESIGN.md). */
export const ROLES = [
  'PROVINCE',
  'CITY',
  'COUNTY',
  'TOWNSHIP',
  'SCHOOL', // staff of one school
  'AUDITOR', // read-only, everywhere in its region
  'INTEGRATION', // a department system, limited to its scopes
  'SERVICE', // one of our services reading others' facts for batch jobs; read-only
] as const;
export type Role = (typeof ROLES)[number];

/** Scopes the services check; a token may carry others (they grant nothing). */
export const KNOWN_SCOPES = [
  'pii:read',
  'subsidy:approve',
  /** Recording a payment of a publicised entitlement (separate from approving it: 审核与支付分离). */
  'subsidy:pay',
  /** A department system (INTEGRATION) recording payments, e.g. the bank's 一卡通 feed. */
  'payment:write',
  /** A department system (INTEGRATION) submitting a benefit it grants. */
  'subsidy:submit',
  /** Administering policy: subsidy policy sets and teacher allowance rates (with a level: see the services). */
  'policy:admin',
  'import:write',
  'audit:read',
] as const;
export type KnownScope = (typeof KNOWN_SCOPES)[number];

/** Reading full ID numbers (and full birth dates, which complete a masked one). */
export const PII_READ = 'pii:read';

/** Roles that administer a region subtree (五级联动). */
export const REGION_ROLES: readonly Role[] = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP'];

export const principalSchema = z.object({
  subject: z.string().min(1, 'subject is required'),
  role: z.enum(ROLES),
  /** The caller's region scope: a region code (6, 9 or 12 digits), never a prefix. */
  regionCode: regionCodeSchema,
  scopes: z.array(z.string().regex(/^[a-z]+:[a-z-]+$/, 'scope must look like "area:action"')).default([]),
  /** For SCHOOL staff: the school they belong to. */
  schoolId: z.string().min(1).optional(),
}).refine((p) => p.role !== 'SCHOOL' || !!p.schoolId, { message: 'a SCHOOL principal names its school (schoolId)', path: ['schoolId'] });

/** Who is calling: rebuilt by every subgraph from the gateway's internal token. */
export type Principal = z.infer<typeof principalSchema>;

/** A principal's claims before parsing (plain strings): what a token issuer or a test states. */
export type PrincipalClaims = z.input<typeof principalSchema>;

/** Parses claims into a principal (the region scope becomes a `RegionCode`); throws a ZodError when invalid. */
export function parsePrincipal(claims: PrincipalClaims): Principal {
  return principalSchema.parse(claims);
}

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.includes(scope);
}

/** AUDITOR and SERVICE principals never write. */
export function isReadOnlyRole(role: Role): boolean {
  return role === 'AUDITOR' || role === 'SERVICE';
}

/**
 * Whether the caller sees a person's full birth date. A masked ID number hides the birth-date
 * digits, so the birth date is personal data like the full number: only `pii:read` holders and
 * our own services (SERVICE, whose projections need ages and which serve them on under this same
 * rule) see it; everyone else sees the birth year.
 */
export function seesFullBirthDate(principal: Principal): boolean {
  return principal.role === 'SERVICE' || hasScope(principal, PII_READ);
}

/** A person's birth date as the caller may see it: the date for `seesFullBirthDate`, else null. */
export function visibleBirthDate(principal: Principal, birthDate: string): string | null {
  return seesFullBirthDate(principal) ? birthDate : null;
}

/**
 * How much of a birth date a rule may decide on for this caller: the day for those who see it,
 * the year for everyone else — a refusal that turns on the birth day would let a caller find it by
 * trying dates, and complete a masked ID number with it.
 */
export function birthDatePrecision(principal: Principal): BirthDatePrecision {
  return seesFullBirthDate(principal) ? 'day' : 'year';
}
