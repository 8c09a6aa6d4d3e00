import { z } from 'zod';
import { forbidden, type Principal, type Role } from '@epg/auth';
import { fenSchema, monthSchema, regionCodeSchema } from '@epg/domain';
import { hardshipTierSchema, postingOn, type PostingSpan } from '../teacher/teacher.rules';
import { lastDayOfMonth, previousMonth } from '../teacher/dates';

export interface AllowanceRateLike {
  regionPrefix: string;
  hardshipTier: number;
  fromMonth: string;
  toMonth: string | null;
  monthlyFen: number;
}

/**
 * The rate for a school region, tier and month: among the rates in force that month whose
 * prefix the region starts with, the most specific (longest prefix) one.
 */
export function rateFor<R extends AllowanceRateLike>(rates: readonly R[], regionCode: string, tier: number, month: string): R | null {
  let best: R | null = null;
  for (const rate of rates) {
    if (rate.hardshipTier !== tier || !regionCode.startsWith(rate.regionPrefix)) continue;
    if (rate.fromMonth > month || (rate.toMonth !== null && rate.toMonth < month)) continue;
    if (!best || rate.regionPrefix.length > best.regionPrefix.length) best = rate;
  }
  return best;
}

export interface AllowancePosting extends PostingSpan {
  regionCode: string;
  hardshipTier: number;
}

/** A stay at another school (支教, 交流轮岗) and that school's record (null when unknown to the caller). */
export interface AllowanceStay {
  startDate: string;
  endDate: string | null;
  school: { regionCode: string; rural: boolean; hardshipTier: number } | null;
}

/**
 * A teacher's allowance for a month, decided by the school the teacher works at on the month's
 * last day (seed 000: 贫困地区教师(含支教教师)): a stay at a rural school (支教) is paid at that
 * school's tier and region, otherwise the posting in effect is; nothing after leaving the service.
 */
export function monthlyAllowanceFen(
  postings: readonly AllowancePosting[],
  rates: readonly AllowanceRateLike[],
  month: string,
  stays: readonly AllowanceStay[] = [],
): number {
  const day = lastDayOfMonth(month);
  const posting = postingOn(postings, day);
  if (!posting) return 0;
  const stay = stays.find((s) => s.school?.rural && s.startDate <= day && (s.endDate === null || s.endDate >= day));
  const place = stay?.school ?? posting;
  return rateFor(rates, place.regionCode, place.hardshipTier, month)?.monthlyFen ?? 0;
}

/** The current month in UTC+8 (China Standard Time), `YYYY-MM`. */
export function currentMonth(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

export const allowanceRateInputSchema = z.object({
  regionCode: regionCodeSchema,
  hardshipTier: hardshipTierSchema,
  fromMonth: monthSchema,
  monthlyFen: fenSchema,
});

/**
 * Who sets allowance rates (乡村教师生活补助标准), and within which bounds.
 *
 * - Scope `policy:admin`, and the office of a PROVINCE, CITY or COUNTY (TOWNSHIP, SCHOOL,
 *   INTEGRATION, AUDITOR and SERVICE never do), for a region inside its scope.
 * - Floor: from January 2016 a rural teacher in a poor area gets at least 500 yuan a month
 *   (贫困地区教师(含支教教师)月生活补助达500元; the seeded 芦溪县 rates start there), so a rate
 *   for a rural hardship tier (1 and up; tier 0 is a town school) in force from 2016 is ≥ 50,000 fen.
 * - Ceiling: 5,000 yuan a month. The seeds go from 500 to 1,000 yuan by tier ("越基层越艰苦待遇越高");
 *   ten times the floor is beyond any living allowance paid next to a teacher's salary.
 * - Level: a region's rate tops up the rate of the regions above it, never cuts it: a county may
 *   pay more than its province for a tier, not less (the longest prefix wins, so a lower county
 *   rate would override the province's amount).
 */
export const POLICY_ADMIN = 'policy:admin';
export const RATE_ADMIN_ROLES: readonly Role[] = ['PROVINCE', 'CITY', 'COUNTY'];
/** 500 yuan a month, from this month on, for rural tiers. */
export const RURAL_ALLOWANCE_FLOOR_FEN = 50_000;
export const RURAL_ALLOWANCE_FLOOR_FROM = '2016-01';
export const ALLOWANCE_CEILING_FEN = 500_000;

/** Refuses a caller whose role does not set rates (the scope is checked by the write envelope). */
export function assertRateAdministrator(principal: Principal): void {
  if (!RATE_ADMIN_ROLES.includes(principal.role)) {
    throw forbidden(`allowance rates are set by province, city and county offices with ${POLICY_ADMIN}, not by ${principal.role}`);
  }
}

export interface RateCandidate {
  regionPrefix: string;
  hardshipTier: number;
  fromMonth: string;
  monthlyFen: number;
}

/**
 * What is wrong with a new rate, given every rate on record (empty: nothing). The message names
 * the rule; the field is always `input.monthlyFen`.
 */
export function rateAmountProblem(candidate: RateCandidate, rates: readonly AllowanceRateLike[]): string | null {
  const { monthlyFen, hardshipTier, fromMonth } = candidate;
  if (monthlyFen > ALLOWANCE_CEILING_FEN) return `${monthlyFen} fen is above the ceiling of ${ALLOWANCE_CEILING_FEN} fen (5,000 yuan) a month`;
  if (hardshipTier >= 1 && fromMonth >= RURAL_ALLOWANCE_FLOOR_FROM && monthlyFen < RURAL_ALLOWANCE_FLOOR_FEN) {
    return `a rural teacher's allowance is at least ${RURAL_ALLOWANCE_FLOOR_FEN} fen (500 yuan) a month from ${RURAL_ALLOWANCE_FLOOR_FROM}, not ${monthlyFen}`;
  }
  const undercut = rates.find(
    (r) =>
      r.hardshipTier === hardshipTier &&
      r.regionPrefix.length < candidate.regionPrefix.length &&
      candidate.regionPrefix.startsWith(r.regionPrefix) &&
      (r.toMonth === null || r.toMonth >= fromMonth) &&
      r.monthlyFen > monthlyFen,
  );
  if (undercut) {
    return `${monthlyFen} fen is below the rate of ${undercut.monthlyFen} fen the region ${undercut.regionPrefix} pays tier ${hardshipTier} from ${undercut.fromMonth}: a region tops up the rate above it, never cuts it`;
  }
  return null;
}

export interface RateSpan {
  id: string;
  fromMonth: string;
  toMonth: string | null;
}

/**
 * How a rate from `fromMonth` enters the rates of one region and tier, each carrying the month it
 * takes effect (a correction for a past month applies from that month on):
 * - a rate from the same month is corrected in place (its amount replaced);
 * - otherwise the new rate runs until the month before the next recorded change (open when there
 *   is none), and the rate in force in `fromMonth` ends the month before.
 */
export type RatePlan<R extends RateSpan> =
  | { kind: 'correct'; rate: R }
  | { kind: 'insert'; toMonth: string | null; close: { rate: R; toMonth: string } | null };

export function planRateChange<R extends RateSpan>(rates: readonly R[], fromMonth: string): RatePlan<R> {
  const same = rates.find((r) => r.fromMonth === fromMonth);
  if (same) return { kind: 'correct', rate: same };
  const next = rates.filter((r) => r.fromMonth > fromMonth).sort((a, b) => a.fromMonth.localeCompare(b.fromMonth))[0];
  const covering = rates.find((r) => r.fromMonth < fromMonth && (r.toMonth === null || r.toMonth >= fromMonth));
  return {
    kind: 'insert',
    toMonth: next ? previousMonth(next.fromMonth) : null,
    close: covering ? { rate: covering, toMonth: previousMonth(fromMonth) } : null,
  };
}
