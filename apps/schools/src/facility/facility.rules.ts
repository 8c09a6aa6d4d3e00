import { z } from 'zod';
import {
  bigFenSchema,
  facilityCategorySchema,
  plausibleDateSchema,
  projectStatusSchema,
  PROJECT_STATUSES,
  regionCodeSchema,
  type ProjectStatus,
} from '@epg/domain';
import type { FieldIssue } from '@epg/subgraph-kit';

const idSchema = z.string().uuid('not an id this graph issued');

export const facilityGapSchema = z.object({
  schoolId: idSchema,
  category: facilityCategorySchema,
  description: z.string().trim().min(1, 'a description is required').max(2000),
  estimatedCostFen: bigFenSchema,
  recordedOn: plausibleDateSchema().nullish(),
});

/** The statuses a project may be created in. */
export const PROJECT_START_STATUSES: readonly ProjectStatus[] = ['PLANNED', 'APPROVED'];

/**
 * How far spending may pass the budget: an approved estimate tolerates 10% (超概算10%以上须重新报批);
 * beyond it the project needs a new approval, not a bigger number.
 */
export const PROJECT_OVERRUN_TOLERANCE = 0.1;

/** Spending beyond the budget's tolerance, as the rule it breaks (null when within). */
export function spendingIssue(spentFen: number, budgetFen: number): string | null {
  const ceiling = Math.floor(budgetFen * (1 + PROJECT_OVERRUN_TOLERANCE));
  return spentFen > ceiling ? `${spentFen} fen spent exceeds the budget of ${budgetFen} fen by more than 10% (at most ${ceiling} fen)` : null;
}

export const createProjectSchema = z
  .object({
    schoolId: idSchema.nullish(),
    regionCode: regionCodeSchema.nullish(),
    name: z.string().trim().min(1, 'a name is required').max(300),
    kind: z.string().trim().min(1, 'a kind is required').max(100),
    programme: z.string().trim().min(1).max(200).nullish(),
    budgetFen: bigFenSchema,
    funding: z.object({
      financeFen: bigFenSchema,
      povertyAlleviationLoanFen: bigFenSchema,
      socialFen: bigFenSchema,
    }),
    closesGapIds: z.array(idSchema).max(200).nullish(),
    status: projectStatusSchema.nullish(),
    on: plausibleDateSchema().nullish(),
  })
  .superRefine((p, ctx) => {
    if (!p.schoolId && !p.regionCode) {
      ctx.addIssue({ code: 'custom', path: ['regionCode'], message: 'a project names its school or, county-wide, its region' });
    }
    const sum = p.funding.financeFen + p.funding.povertyAlleviationLoanFen + p.funding.socialFen;
    if (sum !== p.budgetFen) {
      ctx.addIssue({ code: 'custom', path: ['funding'], message: `the funding sources add up to ${sum} fen, not the budget of ${p.budgetFen}` });
    }
    // A project is entered when it is planned or approved (立项); construction, completion and
    // acceptance are dated steps of its history, never where it starts.
    if (p.status && !PROJECT_START_STATUSES.includes(p.status)) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: `a project starts PLANNED or APPROVED, not ${p.status}; later steps are changes of its status` });
    }
    if (p.closesGapIds?.length && !p.schoolId) {
      ctx.addIssue({ code: 'custom', path: ['closesGapIds'], message: 'only a school project closes gaps' });
    }
  });

export const changeProjectStatusSchema = z.object({
  projectId: idSchema,
  status: projectStatusSchema,
  on: plausibleDateSchema(),
  note: z.string().trim().max(2000).nullish(),
  spentFen: bigFenSchema.nullish(),
});

export interface ProjectState {
  status: ProjectStatus;
  budgetFen: number;
  spentFen: number;
  startedOn: string | null;
  completedOn: string | null;
  acceptedOn: string | null;
  /** Date of the latest status change. */
  lastChangeOn: string | null;
}

export interface ProjectStatusChangeRequest {
  status: ProjectStatus;
  on: string;
  spentFen?: number | null;
}

export type ProjectTransition =
  | { ok: true; patch: Pick<ProjectState, 'status' | 'spentFen' | 'startedOn' | 'completedOn' | 'acceptedOn'> }
  | { ok: false; issues: FieldIssue[] };

/** The dates a project gets when it first reaches `status` on `on`. */
export function datesForStatus(
  status: ProjectStatus,
  on: string,
  current: Pick<ProjectState, 'startedOn' | 'completedOn' | 'acceptedOn'> = { startedOn: null, completedOn: null, acceptedOn: null },
): Pick<ProjectState, 'startedOn' | 'completedOn' | 'acceptedOn'> {
  const rank = PROJECT_STATUSES.indexOf(status);
  return {
    startedOn: current.startedOn ?? (rank >= PROJECT_STATUSES.indexOf('UNDER_CONSTRUCTION') ? on : null),
    completedOn: current.completedOn ?? (rank >= PROJECT_STATUSES.indexOf('COMPLETED') ? on : null),
    acceptedOn: current.acceptedOn ?? (rank >= PROJECT_STATUSES.indexOf('ACCEPTED') ? on : null),
  };
}

/**
 * A project moves forward one step at a time (PLANNED → APPROVED → UNDER_CONSTRUCTION →
 * COMPLETED → ACCEPTED), on a date no earlier than its last change; the spent amount is
 * cumulative and never goes down.
 */
export function nextProjectState(current: ProjectState, change: ProjectStatusChangeRequest, root = 'input'): ProjectTransition {
  const issues: FieldIssue[] = [];
  const from = PROJECT_STATUSES.indexOf(current.status);
  const to = PROJECT_STATUSES.indexOf(change.status);
  if (to !== from + 1) {
    const expected = PROJECT_STATUSES[from + 1];
    issues.push({
      path: `${root}.status`,
      message: expected
        ? `a ${current.status} project moves to ${expected}, not ${change.status}`
        : `an ${current.status} project is finished`,
    });
  }
  if (current.lastChangeOn && change.on < current.lastChangeOn) {
    issues.push({ path: `${root}.on`, message: `the last status change was on ${current.lastChangeOn}` });
  }
  const spentFen = change.spentFen ?? current.spentFen;
  if (spentFen < current.spentFen) {
    issues.push({ path: `${root}.spentFen`, message: `the amount spent is cumulative; it was already ${current.spentFen} fen` });
  }
  const overrun = spendingIssue(spentFen, current.budgetFen);
  if (overrun) issues.push({ path: `${root}.spentFen`, message: overrun });
  if (issues.length) return { ok: false, issues };
  return { ok: true, patch: { status: change.status, spentFen, ...datesForStatus(change.status, change.on, current) } };
}
