import { DROPOUT_ACTION_KINDS, DROPOUT_CASE_STATUSES, type DropoutActionKind, type DropoutCaseStatus } from '@epg/domain';
import { allowedDropoutActions, applyDropoutAction, dropoutActionDateIssue } from './dropout.rules';

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
