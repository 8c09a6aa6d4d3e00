import type { HouseholdStatus } from './enums';

/**
 * Dynamic management (进退机制): IDENTIFIED → EXITED (脱贫) → RELAPSED (返贫) → EXITED …;
 * any live status → REMOVED (wrongly identified, 清退). REMOVED is final.
 */
const ALLOWED: Record<HouseholdStatus, readonly HouseholdStatus[]> = {
  IDENTIFIED: ['EXITED', 'REMOVED'],
  EXITED: ['RELAPSED', 'REMOVED'],
  RELAPSED: ['EXITED', 'REMOVED'],
  REMOVED: [],
};

export function allowedNextStatuses(from: HouseholdStatus): readonly HouseholdStatus[] {
  return ALLOWED[from];
}

/** Null when `from → to` is allowed, else the reason. */
export function checkStatusTransition(from: HouseholdStatus, to: HouseholdStatus): string | null {
  if (ALLOWED[from].includes(to)) return null;
  if (from === 'REMOVED') return 'a REMOVED household cannot change status';
  return `a ${from} household cannot become ${to} (allowed: ${ALLOWED[from].join(', ')})`;
}

/** Null when a change dated `on` may follow the last change dated `lastOn`, else the reason. */
export function checkStatusChangeDate(lastOn: string, on: string, today: string): string | null {
  if (on < lastOn) return `the change is dated ${on}, before the last change on ${lastOn}`;
  if (on > today) return `the change is dated ${on}, in the future`;
  return null;
}
