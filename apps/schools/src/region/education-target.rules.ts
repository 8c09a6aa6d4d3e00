import { z } from 'zod';
import { forbidden, type Principal } from '@epg/auth';
import { plausiblePlanYear, refinePlausible, regionCodeSchema, regionLevelOf, type RegionCode } from '@epg/domain';
import type { TargetIndicator } from './indicators';

/**
 * Who adopts education targets, and what a target may be.
 * - Scope `policy:admin`, and the office of a PROVINCE, CITY or COUNTY (targets are set by
 *   governments with an education bureau: 宜章县's 78%, XX county's 98%), for a region at one of
 *   those levels inside its scope. TOWNSHIP, SCHOOL, INTEGRATION, AUDITOR and SERVICE never do.
 * - A target is a share in (0, 1]: 0.98 for 98%; a percentage (98) is refused, not divided.
 * - The year the target takes effect: 2000 up to a five-year plan ahead (`plausiblePlanYear`).
 */
export const POLICY_ADMIN = 'policy:admin';
export const TARGET_ADMIN_ROLES = ['PROVINCE', 'CITY', 'COUNTY'] as const;

/** Refuses a caller whose role does not adopt targets (the scope is checked by the write envelope). */
export function assertTargetAdministrator(principal: Principal): void {
  if (!(TARGET_ADMIN_ROLES as readonly string[]).includes(principal.role)) {
    throw forbidden(`education targets are set by province, city and county offices with ${POLICY_ADMIN}, not by ${principal.role}`);
  }
}

/** Input field → stored indicator. */
export const TARGET_FIELDS = {
  preschoolEnrolmentRate: 'PRESCHOOL_ENROLMENT',
  compulsoryEnrolmentRate: 'COMPULSORY_ENROLMENT',
  compulsoryRetentionRate: 'COMPULSORY_RETENTION',
  seniorEnrolmentRate: 'SENIOR_ENROLMENT',
} as const satisfies Record<string, TargetIndicator>;
export type TargetField = keyof typeof TARGET_FIELDS;

const shareSchema = z
  .number()
  .gt(0, 'a target is a share above 0')
  .max(1, 'a target is a share of at most 1 (0.98 for 98%)')
  .nullish();

export const setEducationTargetSchema = z
  .object({
    regionCode: regionCodeSchema.refine((code) => ['PROVINCE', 'CITY', 'COUNTY'].includes(regionLevelOf(code as RegionCode)), 'targets are adopted by a province, city or county'),
    year: z.number().int('a year is a whole number').superRefine(refinePlausible((y: number) => plausiblePlanYear(y))),
    targets: z
      .object({
        preschoolEnrolmentRate: shareSchema,
        compulsoryEnrolmentRate: shareSchema,
        compulsoryRetentionRate: shareSchema,
        seniorEnrolmentRate: shareSchema,
      })
      .refine((t) => Object.values(t).some((v) => v != null), 'give at least one target'),
    source: z.string().trim().min(1).max(300, 'at most 300 characters').nullish(),
  });
export type SetEducationTargetValues = z.output<typeof setEducationTargetSchema>;

/** The indicators and values an adoption sets (those given). */
export function targetsToSet(targets: SetEducationTargetValues['targets']): { indicator: TargetIndicator; target: number }[] {
  return (Object.keys(TARGET_FIELDS) as TargetField[]).flatMap((field) => {
    const value = targets[field];
    return value == null ? [] : [{ indicator: TARGET_FIELDS[field], target: value }];
  });
}
