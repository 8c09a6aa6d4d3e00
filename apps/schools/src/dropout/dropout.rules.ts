import type { DropoutActionKind, DropoutCaseStatus } from '@epg/domain';

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
