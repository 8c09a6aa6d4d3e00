import { deceasedMember, duplicateMember } from './registration.repository';

describe('the answer to a person already registered', () => {
  it('names the household inside the caller scope', () => {
    expect(duplicateMember('张三', { inScope: true, id: 'h-1', registrationNumber: '360323100201001' })).toEqual({
      message: '张三 already belongs to household 360323100201001',
      household: { id: 'h-1', registrationNumber: '360323100201001' },
    });
  });

  it('names nothing outside it: no household, number or region', () => {
    expect(duplicateMember('张三', { inScope: false })).toEqual({
      message: '张三: this person cannot be registered here; the county where they are registered must transfer them',
    });
  });

  it('a person recorded deceased: the date and the way to correct it inside the scope, outside it the same answer as for a live member', () => {
    expect(deceasedMember('张三', '2023-02-01', true)).toBe('张三 is recorded deceased on 2023-02-01; if that record is wrong, add them back with reason CORRECTION');
    expect(deceasedMember('张三', '2023-02-01', false)).toBe(duplicateMember('张三', { inScope: false }).message);
    expect(deceasedMember('张三', '2023-02-01', false)).not.toMatch(/deceased|2023/);
  });
});
