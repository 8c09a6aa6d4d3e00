import { isCompulsorySchoolAge, SCHOOL_TYPE_STAGES } from '@epg/domain';
import {
  DEMO_SCHOOLS,
  demoEnrolments,
  demoFacilities,
  demoHouseholds,
  PROGRAMME_2017,
  PROGRAMME_RURAL,
  splitExactly,
} from '@epg/demo';

describe('schools demo data', () => {
  const byId = new Map(DEMO_SCHOOLS.map((s) => [s.id, s]));

  it('enrols all but about 1% of the registered compulsory-age children, in schools that teach their stage', () => {
    const enrolments = demoEnrolments(2023);
    const enrolled = new Set(enrolments.map((e) => e.personId));
    const children = demoHouseholds()
      .filter((h) => h.statusHistory[h.statusHistory.length - 1]!.status !== 'REMOVED')
      .flatMap((h) => h.members)
      .filter((m) => isCompulsorySchoolAge(m.birthDate, 2023));
    const missing = children.filter((c) => !enrolled.has(c.id)).length;
    expect(children.length).toBeGreaterThan(2000);
    expect(missing / children.length).toBeGreaterThan(0.002);
    expect(missing / children.length).toBeLessThan(0.03);
    expect(enrolled.size).toBe(enrolments.length);
    for (const e of enrolments) expect(SCHOOL_TYPE_STAGES[byId.get(e.schoolId)!.type]).toContain(e.stage);
    expect(enrolments.some((e) => e.boarding)).toBe(true);
  });

  it('is deterministic', () => {
    expect(demoEnrolments(2023).slice(0, 50)).toEqual(demoEnrolments(2023).slice(0, 50));
  });

  it('has the 2017 programme (3.762亿 yuan, 3亿 loan, 13 projects) and the 16 rural projects (836.49万 yuan)', () => {
    const { projects, gaps } = demoFacilities();
    const p2017 = projects.filter((p) => p.programme === PROGRAMME_2017);
    expect(p2017).toHaveLength(13);
    expect(p2017.reduce((n, p) => n + p.budgetFen, 0)).toBe(376_200_000_00);
    expect(p2017.reduce((n, p) => n + p.povertyLoanFen, 0)).toBe(300_000_000_00);
    const rural = projects.filter((p) => p.programme === PROGRAMME_RURAL);
    expect(rural).toHaveLength(16);
    expect(rural.reduce((n, p) => n + p.budgetFen, 0)).toBe(8_364_900_00);
    for (const p of projects) expect(p.financeFen + p.povertyLoanFen + p.socialFen).toBe(p.budgetFen);
    const gapIds = new Set(gaps.map((g) => g.id));
    for (const p of projects) for (const id of p.closesGapIds) expect(gapIds.has(id)).toBe(true);
    for (const g of gaps) expect(g.estimatedCostFen).toBeLessThanOrEqual(2_147_483_647);
  });

  it('splits amounts exactly', () => {
    expect(splitExactly(100, [1, 1, 1])).toEqual([33, 33, 34]);
  });
});
