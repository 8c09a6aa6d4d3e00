import { duplicateMember } from './registration.repository';

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
});
