import { parseRegionCode as rc } from '@epg/domain';
import { seesFullBirthDate, type Principal } from './principal';

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
