import { checkHeadOnLeaving, checkMembershipDate, checkReason } from './membership.rules';

const TODAY = '2026-12-06';

describe('membership change rules', () => {
  it('accepts only the reasons that fit each change', () => {
    expect(checkReason('remove', 'DECEASED')).toBeNull();
    expect(checkReason('move', 'HOUSEHOLD_SPLIT')).toBeNull();
    expect(checkReason('add', 'BIRTH')).toBeNull();
    expect(checkReason('add', 'DECEASED')).toMatch(/not a reason to add/);
    expect(checkReason('remove', 'REGISTERED')).toMatch(/not a reason to remove/);
    expect(checkReason('move', 'MOVED_OUT')).toMatch(/not a reason to move/);
  });

  it('dates a change between 2000 and today, after the birth, the current stay and the household’s identification', () => {
    const child = { birthDate: '2014-05-02', since: '2016-03-01', householdSince: '2018-01-01' };
    expect(checkMembershipDate('2024-07-01', child, TODAY)).toBeNull();
    expect(checkMembershipDate('2031-01-01', child, TODAY)).toMatch(/in the future/);
    expect(checkMembershipDate('1999-12-31', { birthDate: '1960-01-01' }, TODAY)).toMatch(/before 2000/);
    expect(checkMembershipDate('2014-05-01', { birthDate: '2014-05-02' }, TODAY)).toMatch(/before the person’s birth/);
    expect(checkMembershipDate('2016-02-28', child, TODAY)).toMatch(/joined their current household/);
    expect(checkMembershipDate('2017-06-01', child, TODAY)).toMatch(/household was identified/);
  });

  it('keeps one head: a leaving head names a remaining member as the new head; the last member stays', () => {
    const head = { id: 'h', relationToHead: 'HEAD' };
    const child = { id: 'c', relationToHead: 'CHILD' };
    expect(checkHeadOnLeaving(child, [{ id: 'h' }], null)).toBeNull();
    expect(checkHeadOnLeaving(child, [], null)?.message).toMatch(/last member/);
    expect(checkHeadOnLeaving(head, [{ id: 'c' }], null)?.field).toBe('newHeadId');
    expect(checkHeadOnLeaving(head, [{ id: 'c' }], 'x')?.message).toMatch(/another current member/);
    expect(checkHeadOnLeaving(head, [{ id: 'c' }], 'c')).toBeNull();
    expect(checkHeadOnLeaving(child, [{ id: 'h' }], 'h')?.field).toBe('newHeadId');
  });
});
