import { ageAtAcademicYearStart, COMPULSORY_AGE, type DropoutActionKind, type DropoutCaseStatus } from '@epg/domain';

/**
 * Where each action takes a case (控辍保学): SUSPECTED → CONFIRMED (a home visit confirms the
 * child is out of school) → PERSUADING (劝返) or HOME_TEACHING (送教上门) → RETURNED → CLOSED
 * (销号). Visits may be logged at any open stage; a CLOSED case takes no action.
 */
const TRANSITIONS: Record<DropoutCaseStatus, Partial<Record<DropoutActionKind, DropoutCaseStatus>>> = {
  SUSPECTED: { HOME_VISIT: 'CONFIRMED' },
  CONFIRMED: { HOME_VISIT: 'CONFIRMED', PERSUASION: 'PERSUADING', HOME_TEACHING: 'HOME_TEACHING' },
  PERSUADING: { HOME_VISIT: 'PERSUADING', PERSUASION: 'PERSUADING', HOME_TEACHING: 'HOME_TEACHING', RETURNED_TO_SCHOOL: 'RETURNED' },
  HOME_TEACHING: { HOME_VISIT: 'HOME_TEACHING', HOME_TEACHING: 'HOME_TEACHING', RETURNED_TO_SCHOOL: 'RETURNED' },
  RETURNED: { HOME_VISIT: 'RETURNED', CLOSED: 'CLOSED' },
  CLOSED: {},
};

export type DropoutTransition = { ok: true; status: DropoutCaseStatus } | { ok: false; message: string };

/** The status a case moves to when `kind` is recorded, or why that action is not allowed now. */
export function applyDropoutAction(status: DropoutCaseStatus, kind: DropoutActionKind): DropoutTransition {
  const next = TRANSITIONS[status][kind];
  if (next) return { ok: true, status: next };
  const allowed = Object.keys(TRANSITIONS[status]);
  return {
    ok: false,
    message:
      allowed.length === 0
        ? `a ${status} case takes no further action`
        : `a ${status} case cannot take a ${kind} action (allowed: ${allowed.join(', ')})`,
  };
}

/** Every action kind allowed on a case in `status`. */
export function allowedDropoutActions(status: DropoutCaseStatus): DropoutActionKind[] {
  return Object.keys(TRANSITIONS[status]) as DropoutActionKind[];
}

/** An action is dated on or after the case opened and its previous action, and not in the future. */
export function dropoutActionDateIssue(on: string, openedOn: string, lastActionOn: string | null, today: string): string | null {
  if (on < openedOn) return `the case was opened on ${openedOn}`;
  if (lastActionOn && on < lastActionOn) return `the previous action was on ${lastActionOn}`;
  if (on > today) return 'an action cannot be dated in the future';
  return null;
}

/**
 * Why a case was closed (销号). ENROLLED, HOUSEHOLD_REMOVED and AGED_OUT are set by a scan;
 * RETURNED_TO_SCHOOL by the CLOSED action after a return; the others close a false positive by
 * hand (`closeDropoutCase`): the child studies elsewhere (外地就读), died, or is exempt — 缓学
 * (deferred) or 免学 (excused) by the education bureau.
 */
export const DROPOUT_CLOSE_REASONS = [
  'ENROLLED',
  'RETURNED_TO_SCHOOL',
  'STUDYING_ELSEWHERE',
  'DECEASED',
  'EXEMPT_DEFERRED',
  'EXEMPT_EXCUSED',
  'HOUSEHOLD_REMOVED',
  'AGED_OUT',
] as const;
export type DropoutCloseReason = (typeof DROPOUT_CLOSE_REASONS)[number];

/** The reasons an officer may close a case for by hand (a false positive); the rest follow from facts. */
export const MANUAL_CLOSE_REASONS = ['STUDYING_ELSEWHERE', 'DECEASED', 'EXEMPT_DEFERRED', 'EXEMPT_EXCUSED'] as const satisfies readonly DropoutCloseReason[];
export type ManualCloseReason = (typeof MANUAL_CLOSE_REASONS)[number];

/**
 * A return (RETURNED_TO_SCHOOL) and the closing after it (CLOSED) stand only on an ENROLLED
 * record of the case's academic year: a case cannot be ticked off with the child still at home.
 */
export function enrolmentRequiredIssue(kind: DropoutActionKind, academicYear: number, enrolledThatYear: boolean): string | null {
  if ((kind === 'RETURNED_TO_SCHOOL' || kind === 'CLOSED') && !enrolledThatYear) {
    return `a ${kind} action needs the child's ENROLLED record of the ${academicYear} academic year (enrol them first, or close the case with a reason)`;
  }
  return null;
}

/** A case may be closed by hand while open; a closed case stays closed. */
export function manualCloseIssue(status: DropoutCaseStatus): string | null {
  return status === 'CLOSED' ? 'the case is already CLOSED' : null;
}

/** What a scan knows of the child of an open case (the projection of the households register). */
export interface ProjectedChild {
  birthDate: string;
  removed: boolean;
  householdStatus: string;
}

/** The last day of compulsory school age: the child is 16 on 1 September of the next academic year. */
function agedOutOn(birthDate: string, academicYear: number): string | null {
  return ageAtAcademicYearStart(birthDate, academicYear + 1) > COMPULSORY_AGE.to ? `${academicYear + 1}-09-01` : null;
}

/**
 * Why a scan of `academicYear` closes an open case of that year although the child is not
 * enrolled: the child or their household was removed from the register (HOUSEHOLD_REMOVED), or
 * the child is past compulsory school age — not of school age that year by a corrected birth
 * date, or the year is over and they are 16 at the start of the next (AGED_OUT). Null: the case
 * stays open. A child the projection no longer holds is left to the officer.
 */
export function scanCloseReason(child: ProjectedChild | null, academicYear: number, today: string): DropoutCloseReason | null {
  if (!child) return null;
  if (child.removed || child.householdStatus === 'REMOVED') return 'HOUSEHOLD_REMOVED';
  if (ageAtAcademicYearStart(child.birthDate, academicYear) > COMPULSORY_AGE.to) return 'AGED_OUT';
  const agedOut = agedOutOn(child.birthDate, academicYear);
  if (agedOut && today >= agedOut) return 'AGED_OUT';
  return null;
}

/** 包保责任人: who answers for bringing the child back. */
export interface DropoutAssignee {
  name: string;
  role: string | null;
  phone: string | null;
}
