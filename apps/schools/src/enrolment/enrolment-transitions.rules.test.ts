import { correctedDateIssue, correctionChanges, transitionIssues, transitionStatusIssue, type TransitionRecord } from './enrolment-transitions.rules';

const TODAY = '2026-12-06';
const record = (over: Partial<TransitionRecord> = {}): TransitionRecord => ({
  status: 'ENROLLED',
  academicYear: 2025,
  stage: 'PRIMARY',
  grade: 6,
  enrolledOn: '2025-09-01',
  endedOn: null,
  ...over,
});

describe('学籍 status transitions', () => {
  it('allows graduation and suspension from ENROLLED, resumption from SUSPENDED, dropout from either', () => {
    expect(transitionStatusIssue('GRADUATED', 'ENROLLED')).toBeNull();
    expect(transitionStatusIssue('SUSPENDED', 'ENROLLED')).toBeNull();
    expect(transitionStatusIssue('RESUMED', 'SUSPENDED')).toBeNull();
    expect(transitionStatusIssue('DROPPED_OUT', 'SUSPENDED')).toBeNull();
    expect(transitionStatusIssue('DROPPED_OUT', 'ENROLLED')).toBeNull();
  });

  it('refuses acts on final records and a resumption of an ENROLLED one', () => {
    expect(transitionStatusIssue('GRADUATED', 'TRANSFERRED_OUT')).toMatch(/TRANSFERRED_OUT record cannot become GRADUATED/);
    expect(transitionStatusIssue('DROPPED_OUT', 'GRADUATED')).toMatch(/only a ENROLLED or SUSPENDED record/);
    expect(transitionStatusIssue('RESUMED', 'ENROLLED')).toMatch(/only a SUSPENDED record/);
  });

  it('names the field of each refusal: status on the record, date on `on`, grade on the record', () => {
    expect(transitionIssues('GRADUATED', record({ status: 'DROPPED_OUT' }), '2026-07-01', TODAY)).toEqual([{ path: 'input.enrolmentId', message: expect.any(String) }]);
    expect(transitionIssues('GRADUATED', record(), '2026-09-01', TODAY)).toEqual([{ path: 'input.on', message: expect.stringMatching(/outside academic year 2025/) }]);
    expect(transitionIssues('GRADUATED', record({ grade: 5 }), '2026-07-01', TODAY)).toEqual([{ path: 'input.enrolmentId', message: expect.stringMatching(/last grade/) }]);
    expect(transitionIssues('GRADUATED', record(), '2026-07-01', TODAY)).toEqual([]);
  });

  it('dates a resumption after the suspension it ends', () => {
    const suspended = record({ status: 'SUSPENDED', grade: 3, endedOn: '2025-11-01' });
    expect(transitionIssues('RESUMED', suspended, '2025-10-01', TODAY)).toEqual([{ path: 'input.on', message: expect.stringMatching(/before the suspension/) }]);
    expect(transitionIssues('RESUMED', suspended, '2026-03-01', TODAY)).toEqual([]);
  });
});

describe('corrections', () => {
  const facts = { schoolId: 's1', stage: 'PRIMARY' as const, grade: 3, enrolledOn: '2025-09-01', boarding: false };
  it('lists only the fields that change, with old and new values', () => {
    expect(correctionChanges(facts, { enrolmentId: 'e', grade: 2, boarding: false, reason: 'x' })).toEqual({ grade: { from: 3, to: 2 } });
    expect(correctionChanges(facts, { enrolmentId: 'e', grade: 3, reason: 'x' })).toEqual({});
  });

  it('keeps a corrected enrolment date inside the year and before the record ended', () => {
    expect(correctedDateIssue('2025-09-03', { academicYear: 2025, endedOn: null })).toBeNull();
    expect(correctedDateIssue('2024-09-03', { academicYear: 2025, endedOn: null })).toMatch(/outside academic year 2025/);
    expect(correctedDateIssue('2025-12-01', { academicYear: 2025, endedOn: '2025-11-01' })).toMatch(/after the record ended/);
  });
});
