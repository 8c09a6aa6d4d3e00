import type { SchoolRecord } from './enrolment.rules';

/** A 学籍 record with the day it stopped being ENROLLED, as the schools service answers it. */
export interface EndedSchoolRecord extends SchoolRecord {
  endedOn: string | null;
}

/** How a programme assignment ends in the vocational ledger. */
export type VocationalEnding = 'GRADUATED' | 'WITHDRAWN';

/** 学籍 statuses after which a programme assignment is withdrawn (辍学, 转学). */
export const WITHDRAWAL_RECORD_STATUSES: readonly string[] = ['DROPPED_OUT', 'TRANSFERRED_OUT'];

/** Why the ledgers would disagree: CONFLICT (act in schools first) or a wrong date (BAD_USER_INPUT). */
export type LedgerIssue = { kind: 'CONFLICT'; message: string } | { kind: 'DATE'; message: string };

/**
 * The 学籍 the programme now stands on: the linked record (the start year's, at the programme's
 * school) or the latest SECONDARY_VOCATIONAL record after it at the same school — 学籍 are kept
 * per academic year, so a pupil graduates on the last year's record, not the first. Null when
 * the linked record cannot be read (deleted, or at a school outside the caller's region).
 */
export function currentLinkedRecord(records: readonly EndedSchoolRecord[], linkedId: string): EndedSchoolRecord | null {
  const linked = records.find((r) => r.id === linkedId);
  if (!linked) return null;
  return records
    .filter((r) => r.schoolId === linked.schoolId && r.stage === 'SECONDARY_VOCATIONAL' && r.academicYear > linked.academicYear)
    .reduce((latest, r) => (r.academicYear > latest.academicYear ? r : latest), linked);
}

/**
 * One owner for secondary-vocational 学籍 (issue 21), at the end of a programme: the vocational
 * ledger follows the schools ledger. A programme assignment graduates only when its 学籍 is
 * GRADUATED (the school records it first: `graduateStudent`), and is withdrawn only when the
 * 学籍 ended by a dropout or transfer (`dropOutStudent`, `transferStudent`); the day is the
 * 学籍's end date — taken from it when `given` is null, refused when it differs. So the
 * vocational graduates (and the employment rate counted on them) are the schools' graduates.
 *
 * Pure: the date to record, or why not (the message names the way out).
 */
export function ledgerEndingFor(
  record: EndedSchoolRecord | null,
  ending: VocationalEnding,
  given: string | null,
): { endedOn: string } | LedgerIssue {
  const dateField = ending === 'GRADUATED' ? 'graduatedOn' : 'withdrawnOn';
  if (!record) {
    return {
      kind: 'CONFLICT',
      message: 'the 学籍 this programme was assigned on cannot be read in your region: the county of the programme\'s school must end it',
    };
  }
  const which = `the ${record.academicYear} 学籍 at the programme's school is ${record.status}`;
  if (ending === 'GRADUATED' && record.status !== 'GRADUATED') {
    return { kind: 'CONFLICT', message: `${which}, not GRADUATED: the school records the graduation in the schools ledger (graduateStudent) first` };
  }
  if (ending === 'WITHDRAWN' && !WITHDRAWAL_RECORD_STATUSES.includes(record.status)) {
    const way =
      record.status === 'GRADUATED'
        ? 'the pupil graduated: record the graduation (graduateVocational) instead'
        : 'the school records the dropout (dropOutStudent) or transfer (transferStudent) in the schools ledger first';
    return { kind: 'CONFLICT', message: `${which}, not DROPPED_OUT or TRANSFERRED_OUT: ${way}` };
  }
  const recorded = record.endedOn;
  if (recorded === null) {
    return given === null ? { kind: 'DATE', message: `${dateField}: required (the 学籍 has no end date)` } : { endedOn: given };
  }
  if (given !== null && given !== recorded) {
    return { kind: 'DATE', message: `${dateField}: must be the 学籍's end date ${recorded} in the schools ledger (omit it to take that date)` };
  }
  return { endedOn: recorded };
}
