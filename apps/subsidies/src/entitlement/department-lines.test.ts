import { seedPolicySets } from '../policy/policy-sets.data';
import { amountsOfRule, checkDepartmentLine, misfitDepartmentLines } from './department-lines';

const setA = seedPolicySets().find((s) => s.code === 'A')!;
const rule = (code: string) => setA.rules.find((r) => r.code === code)!;

describe('amountsOfRule', () => {
  it('gives the stage amount, a share of another rule, the variants, or nothing', () => {
    expect(amountsOfRule(setA.rules, rule('A-BRD-JUN'), 'JUNIOR')).toEqual([125_000]);
    expect(amountsOfRule(setA.rules, rule('A-NBRD'), 'PRIMARY')).toEqual([50_000]);
    expect(amountsOfRule(setA.rules, rule('A-NBRD'), 'JUNIOR')).toEqual([62_500]);
    expect(amountsOfRule(setA.rules, rule('A-UNI-TRAVEL'), 'UNDERGRADUATE')).toEqual([50_000, 100_000]);
    expect(amountsOfRule(setA.rules, rule('A-KIND-UNIFORM'), 'PRIMARY')).toEqual([]);
  });
});

describe('checkDepartmentLine', () => {
  const junior = { stage: 'JUNIOR' as const, grade: 2 };

  it("accepts a rule of the governing set at the rule's amount", () => {
    expect(checkDepartmentLine(setA, { ...junior, ruleCode: 'A-BRD-JUN', amountFen: 125_000 })).toMatchObject({ ok: true, rule: { code: 'A-BRD-JUN' } });
    expect(checkDepartmentLine(setA, { ...junior, ruleCode: 'A-KIND-UNIFORM', amountFen: null })).toMatchObject({ ok: true });
  });

  it('refuses an unknown rule, or one of another stage, naming ruleCode', () => {
    expect(checkDepartmentLine(setA, { ...junior, ruleCode: 'YOUTH-LEAGUE-GIFT', amountFen: 100 })).toMatchObject({ ok: false, field: 'ruleCode' });
    expect(checkDepartmentLine(setA, { ...junior, ruleCode: 'A-HS-GRANT', amountFen: 250_000 })).toMatchObject({ ok: false, field: 'ruleCode' });
    expect(checkDepartmentLine(null, { ...junior, ruleCode: 'A-BRD-JUN', amountFen: 125_000 })).toMatchObject({ ok: false, field: 'ruleCode' });
  });

  it("refuses an amount other than the rule's, naming amountFen (no 1-fen line, no 999,999-yuan line)", () => {
    for (const amountFen of [1, 99_999_900, null]) {
      const check = checkDepartmentLine(setA, { ...junior, ruleCode: 'A-BRD-JUN', amountFen });
      expect(check).toMatchObject({ ok: false, field: 'amountFen' });
      if (!check.ok) expect(check.message).toContain('pays 125000 fen');
    }
    expect(checkDepartmentLine(setA, { ...junior, ruleCode: 'A-KIND-UNIFORM', amountFen: 5_000 })).toMatchObject({ ok: false, field: 'amountFen' });
  });
});

describe('misfitDepartmentLines', () => {
  const line = { id: 'l1', ruleCode: 'A-BRD-JUN', amountFen: 125_000, paidFen: 0, stage: 'JUNIOR' as const, grade: 1 };

  it('keeps lines that fit and cancels those that do not, with the reason', () => {
    const misfits = misfitDepartmentLines([line, { ...line, id: 'l2', amountFen: 1 }, { ...line, id: 'l3', stage: null, grade: null }], () => setA);
    expect(misfits.map((m) => m.id)).toEqual(['l2', 'l3']);
    expect(misfits[0]!.reason).toMatch(/^department line no longer fits the policy at recomputation: A-BRD-JUN of policy set A pays 125000 fen, not 1/);
    expect(misfits[1]!.reason).toContain('no longer known');
  });

  it('stops a paid misfit, its paid part to be recovered', () => {
    const [stopped] = misfitDepartmentLines([{ ...line, amountFen: 99_999_900, paidFen: 500 }], () => setA);
    expect(stopped!.reason).toMatch(/^stopped at recomputation: .*paid part is to be recovered$/);
  });

  it('cancels every line where no set governs any more', () => {
    expect(misfitDepartmentLines([line], () => null)).toHaveLength(1);
  });
});
