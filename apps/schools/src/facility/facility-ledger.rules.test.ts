import { cancelDateIssue, gapChangeIssue, gapEdits, gapStatus } from './facility-ledger.rules';

describe('facility gap status', () => {
  it('is CANCELLED when cancelled, CLOSED when an accepted project closed it, else OPEN', () => {
    expect(gapStatus({ cancelledOn: '2024-01-01' }, true)).toBe('CANCELLED');
    expect(gapStatus({ cancelledOn: null }, true)).toBe('CLOSED');
    expect(gapStatus({ cancelledOn: null }, false)).toBe('OPEN');
  });
});

describe('editing and cancelling a gap', () => {
  const open = { cancelledOn: null };
  it('refuses any change of a cancelled gap or of one an accepted project closed', () => {
    expect(gapChangeIssue({ cancelledOn: '2024-02-02' }, [], 'edited')).toMatch(/cancelled on 2024-02-02/);
    expect(gapChangeIssue(open, [{ name: '改薄一期', status: 'ACCEPTED' }], 'cancelled')).toMatch(/closed by the accepted project 改薄一期/);
    expect(gapChangeIssue(open, [{ name: '改薄一期', status: 'ACCEPTED' }], 'edited')).toMatch(/cannot be edited/);
  });

  it('refuses to cancel a gap a project under way names, but lets it be edited', () => {
    const closers = [{ name: '食堂新建', status: 'UNDER_CONSTRUCTION' }];
    expect(gapChangeIssue(open, closers, 'cancelled')).toMatch(/食堂新建 \(UNDER_CONSTRUCTION\) is to close the gap/);
    expect(gapChangeIssue(open, closers, 'edited')).toBeNull();
    expect(gapChangeIssue(open, [], 'cancelled')).toBeNull();
  });

  it('dates a cancellation on or after the gap was recorded', () => {
    expect(cancelDateIssue('2024-01-01', '2024-03-01')).toMatch(/before the gap was recorded/);
    expect(cancelDateIssue('2024-03-01', '2024-03-01')).toBeNull();
  });

  it('lists the fields an edit changes', () => {
    const gap = { category: 'TOILETS', description: '旱厕', estimatedCostFen: 100, recordedOn: '2024-01-01' };
    expect(gapEdits(gap, { gapId: 'g', estimatedCostFen: 200, description: '旱厕', reason: '复核' })).toEqual({ estimatedCostFen: { from: 100, to: 200 } });
  });
});
