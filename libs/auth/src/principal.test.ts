import { parseRegionCode as rc } from '@epg/domain';
import { birthDatePrecision, seesFullBirthDate, visibleBirthDate, type Principal } from './principal';

const p = (role: Principal['role'], scopes: string[] = []): Principal => ({ subject: 's', role, regionCode: rc('360323'), scopes });

describe('seesFullBirthDate', () => {
  it('is for pii:read holders and our own services only', () => {
    expect(seesFullBirthDate(p('COUNTY', ['pii:read']))).toBe(true);
    expect(seesFullBirthDate(p('SERVICE'))).toBe(true);
    for (const role of ['PROVINCE', 'COUNTY', 'SCHOOL', 'AUDITOR', 'INTEGRATION'] as const) {
      expect(seesFullBirthDate(p(role, ['audit:read', 'subsidy:approve']))).toBe(false);
    }
  });
});

describe('what a caller sees of a birth date', () => {
  it('gives the full date (and day precision) to pii:read holders and services, null and the year to everyone else', () => {
    expect(visibleBirthDate(p('COUNTY', ['pii:read']), '2013-02-20')).toBe('2013-02-20');
    expect(visibleBirthDate(p('SERVICE'), '2013-02-20')).toBe('2013-02-20');
    expect(birthDatePrecision(p('COUNTY', ['pii:read']))).toBe('day');
    for (const role of ['PROVINCE', 'COUNTY', 'TOWNSHIP', 'SCHOOL', 'AUDITOR', 'INTEGRATION'] as const) {
      expect(visibleBirthDate(p(role, ['import:write', 'audit:read']), '2013-02-20')).toBeNull();
      expect(birthDatePrecision(p(role, ['audit:read']))).toBe('year');
    }
  });
});
