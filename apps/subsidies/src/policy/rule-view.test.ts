import { seedPolicySets } from './policy-sets.data';
import { entitlementFactsOf } from './entitlement-facts';
import { amountByStageView, amountPercentOfView, amountWhenView, conditionView } from './rule-view';

const setA = seedPolicySets().find((s) => s.code === 'A')!;
const rule = (code: string) => setA.rules.find((r) => r.code === code)!;

describe('typed rule views', () => {
  it('turns a condition into a tree of operators, facts and values', () => {
    expect(conditionView({ any: [{ fact: 'registeredPoor' }, { not: { fact: 'householdCategory', in: ['URBAN_DIFFICULT'] } }] })).toEqual({
      operator: 'ANY',
      fact: null,
      values: [],
      conditions: [
        { operator: 'FACT', fact: 'registeredPoor', values: [], conditions: [] },
        { operator: 'NOT', fact: null, values: [], conditions: [{ operator: 'IN', fact: 'householdCategory', values: ['URBAN_DIFFICULT'], conditions: [] }] },
      ],
    });
  });

  it('lists the seeded set A rules’ amount variants as the JSON holds them', () => {
    for (const r of setA.rules) {
      expect(amountByStageView(r)).toEqual(Object.entries(r.amountByStage ?? {}).map(([stage, amountFen]) => ({ stage, amountFen })));
      expect(amountWhenView(r).map((v) => v.amountFen)).toEqual((r.amountWhen ?? []).map((v) => v.amountFen));
    }
    // A-NBRD: 50% of the boarding grant of its stage.
    expect(amountPercentOfView(rule('A-NBRD'))).toEqual({
      percent: 50,
      ruleByStage: Object.entries(rule('A-NBRD').amountPercentOf!.ruleByStage).map(([stage, ruleCode]) => ({ stage, ruleCode })),
    });
    expect(amountPercentOfView(rule('A-PRE'))).toBeNull();
  });
});

describe('entitlementFactsOf', () => {
  it('reads an engine line’s facts and a department line’s', () => {
    const profile = { stage: 'JUNIOR', grade: 2 };
    expect(
      entitlementFactsOf({ policySet: 'A', policyVersion: 2, profile, enrolmentId: 'e1', factsRefreshedAt: '2026-12-06T01:02:03.000Z' }),
    ).toEqual({ policySetCode: 'A', policyVersion: 2, profile, enrolmentId: 'e1', factsRefreshedAt: new Date('2026-12-06T01:02:03.000Z'), submittedBy: null });
    expect(entitlementFactsOf({ submittedBy: 'youth-league' })).toEqual({
      policySetCode: null,
      policyVersion: null,
      profile: null,
      enrolmentId: null,
      factsRefreshedAt: null,
      submittedBy: 'youth-league',
    });
  });
});
