import { DROPOUT_ACTION_KINDS, DROPOUT_CASE_STATUSES, type DropoutActionKind, type DropoutCaseStatus } from '@epg/domain';
import {
  allowedDropoutActions,
  applyDropoutAction,
  DROPOUT_CLOSE_REASONS,
  dropoutActionDateIssue,
  enrolmentRequiredIssue,
  MANUAL_CLOSE_REASONS,
  manualCloseIssue,
  scanCloseReason,
} from './dropout.rules';

describe('dropout case transitions', () => {
  it('walks the whole path SUSPECTED → CONFIRMED → PERSUADING → RETURNED → CLOSED', () => {
    const path: [DropoutActionKind, DropoutCaseStatus][] = [
      ['HOME_VISIT', 'CONFIRMED'],
      ['PERSUASION', 'PERSUADING'],
      ['RETURNED_TO_SCHOOL', 'RETURNED'],
      ['CLOSED', 'CLOSED'],
    ];
    let status: DropoutCaseStatus = 'SUSPECTED';
    for (const [kind, expected] of path) {
      const step = applyDropoutAction(status, kind);
      expect(step).toEqual({ ok: true, status: expected });
      if (step.ok) status = step.status;
    }
  });

  it('takes the home-teaching branch (送教上门) to RETURNED', () => {
    expect(applyDropoutAction('CONFIRMED', 'HOME_TEACHING')).toEqual({ ok: true, status: 'HOME_TEACHING' });
    expect(applyDropoutAction('HOME_TEACHING', 'RETURNED_TO_SCHOOL')).toEqual({ ok: true, status: 'RETURNED' });
  });

  it.each<[DropoutCaseStatus, DropoutActionKind]>([
    ['SUSPECTED', 'PERSUASION'],
    ['SUSPECTED', 'RETURNED_TO_SCHOOL'],
    ['SUSPECTED', 'CLOSED'],
    ['CONFIRMED', 'RETURNED_TO_SCHOOL'],
    ['CONFIRMED', 'CLOSED'],
    ['PERSUADING', 'CLOSED'],
    ['HOME_TEACHING', 'PERSUASION'],
    ['RETURNED', 'PERSUASION'],
    ['CLOSED', 'HOME_VISIT'],
  ])('refuses %s + %s', (status, kind) => {
    const step = applyDropoutAction(status, kind);
    expect(step.ok).toBe(false);
    if (!step.ok) expect(step.message).toContain(status);
  });

  it('lets nothing reopen a CLOSED case and closes only from RETURNED', () => {
    for (const kind of DROPOUT_ACTION_KINDS) expect(applyDropoutAction('CLOSED', kind).ok).toBe(false);
    const closers = DROPOUT_CASE_STATUSES.filter((s) => allowedDropoutActions(s).includes('CLOSED'));
    expect(closers).toEqual(['RETURNED']);
  });

  it('dates actions after the opening and the previous action, never in the future', () => {
    expect(dropoutActionDateIssue('2023-09-10', '2023-09-15', null, '2024-01-01')).toMatch('opened');
    expect(dropoutActionDateIssue('2023-09-20', '2023-09-15', '2023-10-01', '2024-01-01')).toMatch('previous');
    expect(dropoutActionDateIssue('2024-02-01', '2023-09-15', null, '2024-01-01')).toMatch('future');
    expect(dropoutActionDateIssue('2023-10-01', '2023-09-15', '2023-10-01', '2024-01-01')).toBeNull();
  });
});

describe('dropout case lifecycle rules (一生一案)', () => {
  it('refuses a return or a closing without an ENROLLED record of the case year', () => {
    expect(enrolmentRequiredIssue('RETURNED_TO_SCHOOL', 2023, false)).toMatch(/ENROLLED record of the 2023 academic year/);
    expect(enrolmentRequiredIssue('CLOSED', 2023, false)).toMatch(/ENROLLED record/);
    expect(enrolmentRequiredIssue('RETURNED_TO_SCHOOL', 2023, true)).toBeNull();
    expect(enrolmentRequiredIssue('HOME_VISIT', 2023, false)).toBeNull();
  });

  it('closes by hand only an open case', () => {
    expect(manualCloseIssue('SUSPECTED')).toBeNull();
    expect(manualCloseIssue('PERSUADING')).toBeNull();
    expect(manualCloseIssue('CLOSED')).toBe('the case is already CLOSED');
  });

  it('closes on a scan the case of a removed child or household', () => {
    const child = { birthDate: '2012-03-01', removed: false, householdStatus: 'REGISTERED' };
    expect(scanCloseReason(child, 2023, '2023-10-01')).toBeNull();
    expect(scanCloseReason({ ...child, removed: true }, 2023, '2023-10-01')).toBe('HOUSEHOLD_REMOVED');
    expect(scanCloseReason({ ...child, householdStatus: 'REMOVED' }, 2023, '2023-10-01')).toBe('HOUSEHOLD_REMOVED');
    expect(scanCloseReason(null, 2023, '2023-10-01')).toBeNull();
  });

  it('closes as AGED_OUT once the year is over and the child is 16 at the next start, or when a corrected birth date puts them past school age', () => {
    const fifteen = { birthDate: '2008-03-01', removed: false, householdStatus: 'REGISTERED' };
    expect(scanCloseReason(fifteen, 2023, '2024-08-31')).toBeNull();
    expect(scanCloseReason(fifteen, 2023, '2024-09-01')).toBe('AGED_OUT');
    const twelve = { birthDate: '2011-03-01', removed: false, householdStatus: 'REGISTERED' };
    expect(scanCloseReason(twelve, 2023, '2026-12-06')).toBeNull();
    expect(scanCloseReason({ ...twelve, birthDate: '2005-01-01' }, 2023, '2023-10-01')).toBe('AGED_OUT');
  });

  it('offers only false-positive reasons for closing by hand', () => {
    expect([...MANUAL_CLOSE_REASONS].sort()).toEqual(['DECEASED', 'EXEMPT_DEFERRED', 'EXEMPT_EXCUSED', 'STUDYING_ELSEWHERE']);
    expect(MANUAL_CLOSE_REASONS.every((r) => DROPOUT_CLOSE_REASONS.includes(r))).toBe(true);
  });
});
