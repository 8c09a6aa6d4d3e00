import { z } from 'zod';
import { forbidden, type Principal, type Role } from '@epg/auth';
import {
  isoDateSchema,
  notBefore,
  plannedDate,
  plausibleDateSchema,
  refinePlausible,
  regionCodeSchema,
  type Implausible,
} from '@epg/domain';
import { rangesOverlap } from '../teacher/dates';

/** Housing targets are plans of province, city and county offices holding policy:admin. */
export const HOUSING_TARGET_ROLES: readonly Role[] = ['PROVINCE', 'CITY', 'COUNTY'];

/** Refuses a caller whose role does not set housing targets (the scope is checked by the write envelope). */
export function assertHousingTargetSetter(principal: Principal): void {
  if (!HOUSING_TARGET_ROLES.includes(principal.role)) {
    throw forbidden(`housing targets are set by province, city and county offices with policy:admin, not by ${principal.role}`);
  }
}

/**
 * A target is a plan: due from 2000 (the seeds' plans run 2015–2020) to at most ten years
 * ahead; units a whole number a county can build (seed 000: 372).
 */
export const housingTargetSchema = z.object({
  regionCode: regionCodeSchema,
  units: z.number().int('a whole number of units').min(0, 'at least 0 units').max(1_000_000, 'at most 1000000 units'),
  dueOn: isoDateSchema.superRefine(refinePlausible((d: string) => plannedDate(d))),
});

/** A unit's build date is a recorded fact: from 2000 to today. */
export const builtOnSchema = plausibleDateSchema();

export interface AllocationSpan {
  fromDate: string;
  toDate: string | null;
}

/**
 * Why a letting of a unit to a teacher from `fromDate` is implausible (null: it is not): before
 * the unit was built, or before the teacher started or after they left.
 */
export function allocationDateProblem(
  fromDate: string,
  unit: { builtOn: string | null },
  teacher: { startedOn: string; leftOn: string | null },
): Implausible {
  if (unit.builtOn) {
    const early = notBefore(fromDate, unit.builtOn, 'the unit was built');
    if (early) return early;
  }
  const beforeStart = notBefore(fromDate, teacher.startedOn, 'the teacher started service');
  if (beforeStart) return beforeStart;
  return teacher.leftOn !== null && teacher.leftOn < fromDate ? `${fromDate} is after the teacher left the service (${teacher.leftOn})` : null;
}

/** The first letting of `existing` that a new span would overlap (a unit houses one teacher at a time; a teacher holds one unit). */
export function overlappingLetting<A extends AllocationSpan>(existing: readonly A[], span: AllocationSpan): A | null {
  return existing.find((a) => rangesOverlap(a.fromDate, a.toDate, span.fromDate, span.toDate)) ?? null;
}

export interface HousingCounts {
  built: number;
  allocated: number;
}

/** The summary's derived figures: vacant units and the units still to build for the target. */
export function housingFigures(counts: HousingCounts, targetUnits: number | null): HousingCounts & { vacant: number; shortfall: number | null } {
  return {
    ...counts,
    vacant: counts.built - counts.allocated,
    shortfall: targetUnits === null ? null : Math.max(0, targetUnits - counts.built),
  };
}
