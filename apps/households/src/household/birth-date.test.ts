import { parseRegionCode } from '@epg/domain';
import type { Principal } from '@epg/auth';
import { birthYearOf, visibleBirthDate } from './birth-date';

const principal = (role: Principal['role'], scopes: string[] = []): Principal => ({ subject: 's', role, regionCode: parseRegionCode('360323'), scopes });

describe('what a caller sees of a birth date', () => {
  it('gives the full date to pii:read holders and services, null to everyone else', () => {
    expect(visibleBirthDate(principal('COUNTY', ['pii:read']), '2013-02-20')).toBe('2013-02-20');
    expect(visibleBirthDate(principal('SERVICE'), '2013-02-20')).toBe('2013-02-20');
    for (const role of ['PROVINCE', 'COUNTY', 'TOWNSHIP', 'SCHOOL', 'AUDITOR', 'INTEGRATION'] as const) {
      expect(visibleBirthDate(principal(role, ['import:write', 'audit:read']), '2013-02-20')).toBeNull();
    }
  });

  it('gives everyone the year', () => {
    expect(birthYearOf('2013-02-20')).toBe(2013);
  });
});
