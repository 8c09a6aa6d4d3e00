import type { HouseholdCategory, HouseholdStatus } from './enums';

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

/**
 * Categories of the poverty registry (建档立卡): 一般贫困户, 低保贫困户, 特困供养贫困户. 纯低保
 * (LOW_INCOME_ONLY) and urban difficult families (URBAN_DIFFICULT) are difficult families, never
 * registered poor, whatever their status.
 */
export const REGISTERED_POOR_CATEGORIES: readonly HouseholdCategory[] = ['POVERTY_REGISTERED', 'POVERTY_LOW_INCOME', 'FIVE_GUARANTEES'];

/**
 * Registered poor (建档立卡) in an academic year: a household of a registry category whose status
 * in that year was IDENTIFIED or RELAPSED — or EXITED, where the policy keeps exited households'
 * benefits (脱贫不脱政策), otherwise only up to the academic year of its exit. Never REMOVED
 * (wrongly identified, 清退), never a household outside the registry that year (status null).
 */
export function isRegisteredPoorHousehold(
  household: { category: HouseholdCategory | null; status: HouseholdStatus | null; exitedAcademicYear: number | null },
  academicYear: number,
  exitedKeepBenefits: boolean,
): boolean {
  if (household.category === null || !REGISTERED_POOR_CATEGORIES.includes(household.category)) return false;
  switch (household.status) {
    case 'IDENTIFIED':
    case 'RELAPSED':
      return true;
    case 'EXITED':
      return exitedKeepBenefits || (household.exitedAcademicYear !== null && academicYear <= household.exitedAcademicYear);
    default:
      return false;
  }
}

/** One entry of a household's dated status history (扶贫手册 records): the status it took on `on`. */
export interface DatedHouseholdStatus {
  status: HouseholdStatus;
  /** ISO date. */
  on: string;
}

/** A household's standing in one academic year, as the eligibility rules read it. */
export interface StatusInYear {
  /** Null: not in the registry at any time in the year (identified only after it ended). */
  status: HouseholdStatus | null;
  /** The academic year of the latest exit up to the year's end, when `status` is EXITED. */
  exitedAcademicYear: number | null;
}

/**
 * The household's status in academic year `academicYear` (1 September to 31 August) from its dated
 * history — never its status today, so back-pay (补发) for a past year follows that year's facts:
 * - REMOVED (wrongly identified, 清退) at any time: REMOVED — it never was poor;
 * - IDENTIFIED or RELAPSED at any time in the year: that status (the year of exit still counts);
 * - otherwise EXITED the whole year, with the academic year of its exit;
 * - no status before the year ended: null (a household identified later was not poor then).
 */
export function householdStatusInAcademicYear(history: readonly DatedHouseholdStatus[], academicYear: number): StatusInYear {
  const changes = [...history].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  if (changes.some((c) => c.status === 'REMOVED')) return { status: 'REMOVED', exitedAcademicYear: null };
  const start = `${academicYear}-09-01`;
  const end = `${academicYear + 1}-08-31`;
  // The status in force on the first day, then every change during the year.
  const held: DatedHouseholdStatus[] = [];
  for (const change of changes) {
    if (change.on > end) break;
    if (change.on <= start) held.length = 0;
    held.push(change);
  }
  if (held.length === 0) return { status: null, exitedAcademicYear: null };
  const live = held.filter((c) => c.status === 'IDENTIFIED' || c.status === 'RELAPSED').at(-1);
  if (live) return { status: live.status, exitedAcademicYear: null };
  const exit = held.at(-1)!;
  const exitYear = Number(exit.on.slice(0, 4)) - (exit.on.slice(5) >= '09-01' ? 0 : 1);
  return { status: 'EXITED', exitedAcademicYear: exitYear };
}
