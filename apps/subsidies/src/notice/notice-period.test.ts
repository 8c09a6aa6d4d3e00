import { isNoticePeriodOpen, noticePeriodOf, objectionDateIssue } from './notice-period';

describe('notice period (公示期)', () => {
  it('ends on the fifth working day counted from a weekday publication', () => {
    // Monday 2026-12-07 → Friday 2026-12-11.
    expect(noticePeriodOf('2026-12-07')).toEqual({ start: '2026-12-07', end: '2026-12-11' });
    // Wednesday → the next Tuesday (Wed, Thu, Fri, Mon, Tue).
    expect(noticePeriodOf('2026-12-09')).toEqual({ start: '2026-12-09', end: '2026-12-15' });
  });

  it('does not count a weekend publication day', () => {
    // Sunday 2026-12-06 → Friday 2026-12-11.
    expect(noticePeriodOf('2026-12-06')).toEqual({ start: '2026-12-06', end: '2026-12-11' });
    // Saturday 2026-12-05 → Friday 2026-12-11.
    expect(noticePeriodOf('2026-12-05').end).toBe('2026-12-11');
  });

  it('is open from its start to its last day inclusive', () => {
    const period = noticePeriodOf('2026-12-07');
    expect(isNoticePeriodOpen(period, '2026-12-06')).toBe(false);
    expect(isNoticePeriodOpen(period, '2026-12-07')).toBe(true);
    expect(isNoticePeriodOpen(period, '2026-12-11')).toBe(true);
    expect(isNoticePeriodOpen(period, '2026-12-12')).toBe(false);
  });

  it('accepts objections from publication to today, late ones included', () => {
    const period = noticePeriodOf('2026-11-02');
    expect(objectionDateIssue('2026-11-03', period, '2026-12-06')).toBeNull();
    expect(objectionDateIssue('2026-11-20', period, '2026-12-06')).toBeNull();
    expect(objectionDateIssue('2026-11-01', period, '2026-12-06')).toMatch(/before the notice was published/);
    expect(objectionDateIssue('2026-12-07', period, '2026-12-06')).toMatch(/in the future/);
  });
});
