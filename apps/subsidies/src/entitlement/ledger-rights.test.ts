import { parsePrincipal, assertCanWrite } from '@epg/auth';
import { parseRegionCode } from '@epg/domain';
import { mayNameRow, paymentRequirement } from './ledger-rights';

const principal = (role: 'COUNTY' | 'INTEGRATION' | 'SCHOOL' | 'AUDITOR', scopes: string[], extra: { schoolId?: string; regionCode?: string } = {}) =>
  parsePrincipal({ subject: 't', role, regionCode: extra.regionCode ?? '360323', scopes, schoolId: extra.schoolId });

describe('paymentRequirement', () => {
  it('asks officers for subsidy:pay: approving is not paying', () => {
    expect(() => assertCanWrite(principal('COUNTY', []), paymentRequirement(principal('COUNTY', [])))).toThrow('subsidy:pay');
    expect(() => assertCanWrite(principal('COUNTY', ['subsidy:approve']), paymentRequirement(principal('COUNTY', [])))).toThrow('subsidy:pay');
    expect(() => assertCanWrite(principal('COUNTY', ['subsidy:pay']), paymentRequirement(principal('COUNTY', [])))).not.toThrow();
  });

  it('lets a department system pay with payment:write, and nothing else', () => {
    const system = principal('INTEGRATION', ['payment:write']);
    expect(() => assertCanWrite(system, paymentRequirement(system))).not.toThrow();
    const approver = principal('INTEGRATION', ['subsidy:approve', 'subsidy:pay']);
    expect(() => assertCanWrite(approver, paymentRequirement(approver))).toThrow('payment:write');
  });

  it('never lets an auditor pay', () => {
    const auditor = principal('AUDITOR', ['subsidy:pay']);
    expect(() => assertCanWrite(auditor, paymentRequirement(auditor))).toThrow('read-only');
  });
});

describe('mayNameRow', () => {
  const row = { regionCode: parseRegionCode('360323101'), schoolId: 's1' };
  it('names a row inside the caller region only', () => {
    expect(mayNameRow(principal('COUNTY', []), row)).toBe(true);
    expect(mayNameRow(principal('COUNTY', [], { regionCode: '360321' }), row)).toBe(false);
  });
  it('names a row of the own school only to school staff', () => {
    expect(mayNameRow(principal('SCHOOL', [], { schoolId: 's1', regionCode: '360323101' }), row)).toBe(true);
    expect(mayNameRow(principal('SCHOOL', [], { schoolId: 's2', regionCode: '360323101' }), row)).toBe(false);
  });
});
