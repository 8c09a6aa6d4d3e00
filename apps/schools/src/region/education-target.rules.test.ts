import type { Principal } from '@epg/auth';
import { assertTargetAdministrator, setEducationTargetSchema, targetsToSet } from './education-target.rules';

const principal = (role: Principal['role']) => ({ subject: 's', role, regionCode: '360323', scopes: ['policy:admin'] }) as unknown as Principal;
const parse = (input: object) => setEducationTargetSchema.safeParse(input);

describe('education target rules', () => {
  it('lets province, city and county offices adopt targets, no one else', () => {
    expect(() => assertTargetAdministrator(principal('COUNTY'))).not.toThrow();
    expect(() => assertTargetAdministrator(principal('PROVINCE'))).not.toThrow();
    expect(() => assertTargetAdministrator(principal('TOWNSHIP'))).toThrow(/not by TOWNSHIP/);
    expect(() => assertTargetAdministrator(principal('SCHOOL'))).toThrow();
  });

  it('takes shares in (0, 1] for a county, province or city and a year within a plan', () => {
    expect(parse({ regionCode: '360323', year: 2024, targets: { compulsoryRetentionRate: 0.98 } }).success).toBe(true);
    expect(parse({ regionCode: '360323', year: 2024, targets: { compulsoryRetentionRate: 98 } }).error?.issues[0]?.message).toMatch(/at most 1/);
    expect(parse({ regionCode: '360323', year: 2024, targets: { compulsoryRetentionRate: 0 } }).success).toBe(false);
    expect(parse({ regionCode: '360323101', year: 2024, targets: { compulsoryRetentionRate: 0.9 } }).error?.issues[0]?.path).toEqual(['regionCode']);
    expect(parse({ regionCode: '360323', year: 2099, targets: { compulsoryRetentionRate: 0.9 } }).error?.issues[0]?.path).toEqual(['year']);
    expect(parse({ regionCode: '360323', year: 2024, targets: {} }).error?.issues[0]?.message).toMatch(/at least one/);
  });

  it('sets only the indicators given', () => {
    expect(targetsToSet({ preschoolEnrolmentRate: 0.78, seniorEnrolmentRate: null })).toEqual([{ indicator: 'PRESCHOOL_ENROLMENT', target: 0.78 }]);
  });
});
