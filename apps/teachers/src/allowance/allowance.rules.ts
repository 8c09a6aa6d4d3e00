import { z } from 'zod';
import { fenSchema, monthSchema, regionCodeSchema } from '@epg/domain';
import { hardshipTierSchema, postingOn, type PostingSpan } from '../teacher/teacher.rules';
import { lastDayOfMonth } from '../teacher/dates';

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

/** A teacher's allowance for a month: the rate of the posting in effect on the month's last day. */
export function monthlyAllowanceFen(postings: readonly AllowancePosting[], rates: readonly AllowanceRateLike[], month: string): number {
  const posting = postingOn(postings, lastDayOfMonth(month));
  if (!posting) return 0;
  return rateFor(rates, posting.regionCode, posting.hardshipTier, month)?.monthlyFen ?? 0;
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
