/**
 * 名在人不在 ("on the list, not in school"): aid approved or paid to a child who is not there —
 * whose 学籍 for the line's year is transferred out, dropped out or suspended (with no enrolment
 * of that year still in school or graduated), or whose household was removed (清退). Such a line
 * is reported, and no payment is recorded on it.
 *
 * An open dropout case (控辍保学) is not among the facts subsidies projects (the schools feed
 * carries each enrolment's status, not its cases); the enrolment status is what is checked.
 */

/** The enrolment statuses that mean the student is not in school that year. */
export const ABSENT_STATUSES = ['TRANSFERRED_OUT', 'DROPPED_OUT', 'SUSPENDED'] as const;

const LABELS: Record<string, string> = {
  TRANSFERRED_OUT: 'transferred out (转出)',
  DROPPED_OUT: 'dropped out (辍学)',
  SUSPENDED: 'suspended (休学)',
};

/** What the check reads of a student in a year (from the projected facts). */
export interface PresenceFacts {
  /** The household is REMOVED (清退). */
  householdRemoved: boolean;
  /** Some enrolment of the year is ENROLLED or GRADUATED (null: none known). */
  inSchool: boolean | null;
  /** The latest absent status among the year's enrolments (null: none). */
  absentStatus: string | null;
}

/** Why the student of a line is not there (名在人不在), or null when they are. */
export function presenceException(facts: PresenceFacts): string | null {
  if (facts.householdRemoved) return 'the household was removed (清退)';
  if (!facts.inSchool && facts.absentStatus) return `the student's 学籍 that year is ${LABELS[facts.absentStatus] ?? facts.absentStatus}`;
  return null;
}

/** The refusal of a payment to a line whose student is not there. */
export function presenceRefusal(line: { id: string; ruleCode: string; academicYear: number }, facts: PresenceFacts): string | null {
  const why = presenceException(facts);
  return why ? `entitlement ${line.id} (${line.ruleCode}, ${line.academicYear}) is not paid: 名在人不在 — ${why}` : null;
}
