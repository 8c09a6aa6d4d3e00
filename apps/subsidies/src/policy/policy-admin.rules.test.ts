import { parsePrincipal } from '@epg/auth';
import { parseRegionCode } from '@epg/domain';
import { amountIssues, assertPolicyAdministrator, overlapMessage, overlappingSet, overriddenSet, stagesOf, type SetSpan } from './policy-admin.rules';
import { seedPolicySets } from './policy-sets.data';
import type { Rule } from './rule.schema';

const setA = seedPolicySets().find((s) => s.code === 'A')!;
const rule = (code: string) => setA.rules.find((r) => r.code === code)!;
const span = (code: string, regionCode: string, fromYear: number, toYear: number | null, stages: SetSpan['stages'] = ['PRIMARY']): SetSpan => ({
  code,
  regionCode: parseRegionCode(regionCode),
  fromYear,
  toYear,
  stages,
});
const officer = (role: 'PROVINCE' | 'COUNTY' | 'TOWNSHIP' | 'INTEGRATION', regionCode: string) => parsePrincipal({ subject: 's', role, regionCode, scopes: ['policy:admin'] });

describe('amountIssues', () => {
  it('accepts every seeded set', () => {
    for (const set of seedPolicySets()) expect(amountIssues(set.rules)).toEqual([]);
  });

  it('refuses an amount above 10,000 yuan, naming the field', () => {
    const rules: Rule[] = [{ ...rule('A-PRE'), amountFen: 9_999_900 }];
    expect(amountIssues(rules)).toEqual([{ path: 'input.rules.0.amountFen', message: expect.stringMatching(/A-PRE: 9999900 fen is above the ceiling of 1000000 fen/) }]);
    const variants: Rule[] = [rule('A-PRE'), { ...rule('A-UNI-TRAVEL'), amountWhen: [{ when: { fact: 'admittedToUniversity' }, amountFen: 2_000_000 }] }];
    expect(amountIssues(variants).map((i) => i.path)).toEqual(['input.rules.1.amountWhen.0.amountFen']);
  });

  it('keeps the boarding living subsidy at the national basic standard or more', () => {
    expect(amountIssues([{ ...rule('A-BRD-PRI'), amountFen: 99_999 }])).toEqual([
      { path: 'input.rules.0.amountFen', message: expect.stringMatching(/A-BRD-PRI: the boarding living subsidy in PRIMARY is at least 100000 fen/) },
    ]);
    expect(amountIssues([{ ...rule('A-BRD-JUN'), amountFen: 100_000 }])[0]?.message).toMatch(/JUNIOR is at least 125000/);
    expect(amountIssues([{ ...rule('A-BRD-JUN'), amountFen: 150_000 }])).toEqual([]);
    // The special-education add-on (+200 yuan) is no boarding subsidy of its own.
    expect(amountIssues([rule('A-SPED')])).toEqual([]);
  });
});

describe('assertPolicyAdministrator', () => {
  it('leaves policy to province, city and county offices', () => {
    expect(() => assertPolicyAdministrator(officer('COUNTY', '360323'))).not.toThrow();
    expect(() => assertPolicyAdministrator(officer('TOWNSHIP', '360323101'))).toThrow(/province, city and county offices/);
    expect(() => assertPolicyAdministrator(officer('INTEGRATION', '360323'))).toThrow(/province, city and county offices/);
  });
});

describe('overriddenSet', () => {
  const province = span('B', '420000', 2016, 2019);
  it('refuses a county set displacing its province set in a common year, unless the caller administers the province', () => {
    expect(overriddenSet(officer('COUNTY', '420102'), span('X', '420102', 2018, 2020), [province])).toBe(province);
    expect(overriddenSet(officer('PROVINCE', '420000'), span('X', '420102', 2018, 2020), [province])).toBeNull();
  });
  it("lets an amendment keep the years its set already governed, never add the enclosing set's", () => {
    const county = officer('COUNTY', '420102');
    const own = span('X', '420102', 2015, 2017);
    expect(overriddenSet(county, span('X', '420102', 2015, 2017), [province], own)).toBeNull();
    expect(overriddenSet(county, span('X', '420102', 2015, 2018), [province], own)).toBe(province);
    expect(overriddenSet(county, span('X', '420102', 2014, 2016), [province], own)).toBeNull();
  });
  it('lets a county hold its own set in years no enclosing set covers', () => {
    expect(overriddenSet(officer('COUNTY', '420102'), span('X', '420102', 2020, null), [province])).toBeNull();
    expect(overriddenSet(officer('COUNTY', '360323'), span('A', '360323', 2023, null), [span('A', '360323', 2023, null)])).toBeNull();
  });
});

describe('overlappingSet', () => {
  const a = span('A', '360323', 2023, null, stagesOf(setA.rules));
  it('finds another set of the same region over a common year and stage', () => {
    expect(overlappingSet(span('LX2', '360323', 2030, 2031, ['PRIMARY']), [a])).toBe(a);
    expect(overlappingSet(span('LX2', '360323', 2020, 2022, ['PRIMARY']), [a])).toBeNull();
    expect(overlappingSet(span('LX2', '360323', 2030, 2031, ['HIGHER_VOCATIONAL']), [a])).toBeNull();
    expect(overlappingSet(span('LX2', '360321', 2030, 2031, ['PRIMARY']), [a])).toBeNull();
    // An amendment of A replaces A.
    expect(overlappingSet(span('A', '360323', 2023, null, ['PRIMARY']), [a])).toBeNull();
  });
  it('names the other set only inside the caller scope', () => {
    const candidate = span('LX2', '360323', 2030, 2031);
    expect(overlapMessage(officer('COUNTY', '360323'), candidate, a)).toContain('policy set A of 360323');
    expect(overlapMessage(officer('COUNTY', '360321'), candidate, a)).not.toMatch(/\bA\b/);
  });
});
