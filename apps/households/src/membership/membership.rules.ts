import { dateBetween, EARLIEST_LEDGER_DATE, notBefore, type Implausible } from '@epg/domain';

/**
 * Why a person joined or left a household (户籍成员变动原因). One vocabulary for both ends of a
 * stay; each mutation accepts the reasons that fit it (`REASONS_FOR`).
 */
export const MEMBERSHIP_REASONS = [
  'REGISTERED',
  'REREGISTERED',
  'BIRTH',
  'MARRIAGE',
  'MOVED_IN',
  'MOVED_OUT',
  'DECEASED',
  'HOUSEHOLD_SPLIT',
  'CORRECTION',
  'HOUSEHOLD_REMOVED',
  'OTHER',
] as const;
export type MembershipReason = (typeof MEMBERSHIP_REASONS)[number];

export type MembershipChange = 'add' | 'remove' | 'move';

/**
 * The reasons an officer may give for each change: REGISTERED, REREGISTERED and HOUSEHOLD_REMOVED
 * are written by the registry itself (registration, re-registration, a removed household).
 */
export const REASONS_FOR: Record<MembershipChange, readonly MembershipReason[]> = {
  add: ['BIRTH', 'MARRIAGE', 'MOVED_IN', 'CORRECTION', 'OTHER'],
  remove: ['DECEASED', 'MOVED_OUT', 'MARRIAGE', 'CORRECTION', 'OTHER'],
  move: ['HOUSEHOLD_SPLIT', 'MARRIAGE', 'CORRECTION', 'OTHER'],
};

/** The reason fits the change, else the rule it breaks. */
export function checkReason(change: MembershipChange, reason: MembershipReason): Implausible {
  const allowed = REASONS_FOR[change];
  return allowed.includes(reason) ? null : `${reason} is not a reason to ${change} a member (one of ${allowed.join(', ')})`;
}

/**
 * The date of a membership change: a recorded fact (from 2000 to today), not before the person's
 * birth, not before they joined their current household (`since`), and — when they join one — not
 * before that household was identified (`householdSince`). BIRTH is dated on the birth date itself.
 */
export function checkMembershipDate(
  on: string,
  facts: { birthDate: string; since?: string | null; householdSince?: string | null; reason?: MembershipReason },
  today: string,
): Implausible {
  const plausible = dateBetween(on, { from: EARLIEST_LEDGER_DATE }, today);
  if (plausible) return plausible;
  const afterBirth = notBefore(on, facts.birthDate, 'the person’s birth');
  if (afterBirth) return afterBirth;
  if (facts.since) {
    const afterJoining = notBefore(on, facts.since, 'the day they joined their current household');
    if (afterJoining) return afterJoining;
  }
  if (facts.householdSince) {
    const afterIdentification = notBefore(on, facts.householdSince, 'the day the household was identified');
    if (afterIdentification) return afterIdentification;
  }
  return null;
}

/**
 * A household keeps exactly one head (户主). When the head leaves (or moves away) while others
 * stay, the caller names the member who becomes head (`newHeadId`); the last member cannot leave
 * (the household's status says what became of it: REMOVED, 清退).
 */
export function checkHeadOnLeaving(
  leaving: { id: string; relationToHead: string },
  remaining: readonly { id: string }[],
  newHeadId: string | null | undefined,
): { field: string; message: string } | null {
  if (remaining.length === 0) {
    return { field: 'personId', message: 'the last member of a household cannot leave it; change the household’s status instead' };
  }
  if (leaving.relationToHead !== 'HEAD') {
    return newHeadId ? { field: 'newHeadId', message: 'only when the head (户主) leaves is a new head named' } : null;
  }
  if (!newHeadId) return { field: 'newHeadId', message: 'the head (户主) leaves: name the member who becomes head' };
  if (!remaining.some((m) => m.id === newHeadId)) {
    return { field: 'newHeadId', message: 'the new head must be another current member of the same household' };
  }
  return null;
}
