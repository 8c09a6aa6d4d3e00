import { parseRegionCode as rc } from '@epg/domain';
import type { Principal } from '@epg/auth';
import { birthDateFor, birthYearOf, teacherAuditView } from './birth';

const p = (scopes: string[] = [], role: Principal['role'] = 'COUNTY'): Principal => ({ subject: 's', role, regionCode: rc('360323'), scopes });

describe('teacher birth facts', () => {
  it('gives the full birth date to pii:read holders and services only', () => {
    expect(birthDateFor(p(['pii:read']), '1991-07-23')).toBe('1991-07-23');
    expect(birthDateFor(p([], 'SERVICE'), '1991-07-23')).toBe('1991-07-23');
    expect(birthDateFor(p(['audit:read']), '1991-07-23')).toBeNull();
    expect(birthDateFor(p([], 'AUDITOR'), '1991-07-23')).toBeNull();
    expect(birthYearOf('1991-07-23')).toBe(1991);
  });

  it('keeps neither the ID number nor the birth date in the audit view', () => {
    const view = teacherAuditView({ id: 't1', idNumber: '360323199107230514', birthDate: '1991-07-23', name: '王' });
    expect(view).toEqual({ id: 't1', name: '王', birthYear: 1991 });
  });
});
