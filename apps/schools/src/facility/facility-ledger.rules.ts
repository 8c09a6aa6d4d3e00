import { z } from 'zod';
import { bigFenSchema, facilityCategorySchema, notBefore, plausibleDateSchema, projectStatusSchema, regionCodeSchema, type Implausible } from '@epg/domain';

/** Where a gap stands: OPEN (outstanding), CLOSED (an ACCEPTED project closed it), CANCELLED. */
export const FACILITY_GAP_STATUSES = ['OPEN', 'CLOSED', 'CANCELLED'] as const;
export type FacilityGapStatus = (typeof FACILITY_GAP_STATUSES)[number];

/** The status of a gap from its facts. */
export function gapStatus(gap: { cancelledOn: string | null }, closedByAcceptedProject: boolean): FacilityGapStatus {
  if (gap.cancelledOn) return 'CANCELLED';
  return closedByAcceptedProject ? 'CLOSED' : 'OPEN';
}

/** The projects that name a gap among those they close, as the rules need them. */
export interface ClosingProject {
  name: string;
  status: string;
}

/**
 * Why a gap cannot be edited or cancelled (null: it can). A cancelled gap is final; a gap closed
 * by an ACCEPTED project is history (the money was spent on it); a gap a project under way is to
 * close stays while the project names it, so the project's record keeps its purpose.
 */
export function gapChangeIssue(gap: { cancelledOn: string | null }, closers: readonly ClosingProject[], act: 'edited' | 'cancelled'): Implausible {
  if (gap.cancelledOn) return `the gap was cancelled on ${gap.cancelledOn} and cannot be ${act}`;
  const accepted = closers.find((p) => p.status === 'ACCEPTED');
  if (accepted) return `the gap was closed by the accepted project ${accepted.name} and cannot be ${act}`;
  if (act === 'cancelled' && closers.length) return `the project ${closers[0]!.name} (${closers[0]!.status}) is to close the gap; it cannot be cancelled while a project names it`;
  return null;
}

const idSchema = z.string().uuid('not an id this graph issued');
const reasonSchema = z.string().trim().min(1, 'a reason is required').max(500, 'at most 500 characters');

export const editGapSchema = z.object({
  gapId: idSchema,
  category: facilityCategorySchema.nullish(),
  description: z.string().trim().min(1, 'a description is required').max(2000).nullish(),
  estimatedCostFen: bigFenSchema.nullish(),
  recordedOn: plausibleDateSchema().nullish(),
  reason: reasonSchema,
});
export type EditGapValues = z.output<typeof editGapSchema>;

export const cancelGapSchema = z.object({ gapId: idSchema, on: plausibleDateSchema(), reason: reasonSchema });

/** A cancellation is dated on or after the gap was recorded. */
export function cancelDateIssue(on: string, recordedOn: string): Implausible {
  return notBefore(on, recordedOn, 'the gap was recorded');
}

/** The fields an edit changes, old and new (empty: nothing to edit). */
export function gapEdits(
  gap: { category: string; description: string; estimatedCostFen: number; recordedOn: string },
  input: EditGapValues,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ['category', 'description', 'estimatedCostFen', 'recordedOn'] as const) {
    const next = input[key];
    if (next != null && next !== gap[key]) changes[key] = { from: gap[key], to: next };
  }
  return changes;
}

export const gapListSchema = z.object({
  regionCode: regionCodeSchema,
  category: facilityCategorySchema.nullish(),
  status: z.enum(FACILITY_GAP_STATUSES).nullish(),
});

export const projectListSchema = z.object({
  regionCode: regionCodeSchema,
  programme: z.string().trim().min(1, 'a programme name, or omit it').max(200).nullish(),
  status: projectStatusSchema.nullish(),
});

/** Funding sources of a project (资金来源). */
export const FUNDING_SOURCES = ['FINANCE', 'POVERTY_ALLEVIATION_LOAN', 'SOCIAL'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
