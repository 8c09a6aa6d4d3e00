import { isCompulsorySchoolAge, SCHOOL_TYPE_STAGES } from '@epg/domain';
import {
  DEMO_SCHOOLS,
  demoEnrolments,
  demoFacilities,
  demoHouseholds,
  DEMO_TOWNSHIPS,
  PROGRAMME_2017,
  PROGRAMME_RURAL,
  PROGRAMME_VILLAGE,
  splitExactly,
} from '@epg/demo';

/** The township (乡镇) name of a demo region code. */
const townshipOf = (regionCode: string) => DEMO_TOWNSHIPS.find((t) => t.code === regionCode.slice(0, 9))!.name;

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

  it("has seed 004's 2017 programme: its 13 named projects, 3.762亿 yuan of which 3亿 a poverty-alleviation loan, in their townships", () => {
    const { projects } = demoFacilities();
    const p2017 = projects.filter((p) => p.programme === PROGRAMME_2017);
    expect(p2017.map((p) => p.name)).toEqual([
      '濂溪中学新建工程', '芦溪小学整体搬迁工程', '南坑镇中学综合楼建设', '长丰学校改造工程', '上埠镇二中整体重建工程', '新泉乡综合楼建设', '源南学校综合楼建设',
      '宣风镇中学教学楼建设', '银河镇中学运动场扩建', '银河镇二中教学楼拆除重建', '大安中学学生宿舍重建', '芦溪中学改造', '宣风中心幼儿园',
    ]);
    expect(p2017.reduce((n, p) => n + BigInt(p.budgetFen), 0n)).toBe(37_620_000_000n);
    expect(p2017.reduce((n, p) => n + BigInt(p.povertyLoanFen), 0n)).toBe(30_000_000_000n);
    // Townships the report names with the project.
    const township = (name: string) => townshipOf(p2017.find((p) => p.name === name)!.regionCode);
    expect(['南坑镇中学综合楼建设', '上埠镇二中整体重建工程', '新泉乡综合楼建设', '宣风镇中学教学楼建设', '银河镇中学运动场扩建', '银河镇二中教学楼拆除重建', '宣风中心幼儿园'].map(township)).toEqual([
      '南坑镇', '上埠镇', '新泉乡', '宣风镇', '银河镇', '银河镇', '宣风镇',
    ]);
    expect(['濂溪中学新建工程', '芦溪小学整体搬迁工程', '芦溪中学改造'].map(township)).toEqual(['芦溪镇', '芦溪镇', '芦溪镇']);
    // 已基本办完前期手续, 年内动工: approved by the report, started within 2017.
    for (const p of p2017) {
      expect(p.history.find((h) => h.status === 'APPROVED')!.on <= '2017-06-30').toBe(true);
      expect(p.history.find((h) => h.status === 'UNDER_CONSTRUCTION')!.on.startsWith('2017')).toBe(true);
    }
  });

  it("has seed 004's 16 rural schools of the 836.49万 programme (8,364,900 yuan), the named ones in their townships and states", () => {
    const { projects } = demoFacilities();
    const rural = projects.filter((p) => p.programme === PROGRAMME_RURAL);
    expect(rural).toHaveLength(16);
    expect(new Set(rural.map((p) => p.schoolId)).size).toBe(16);
    expect(rural.reduce((n, p) => n + BigInt(p.budgetFen), 0n)).toBe(836_490_000n);
    expect(836_490_000 / 100).toBe(8_364_900);
    const at = (name: string) => {
      const s = DEMO_SCHOOLS.find((x) => x.name === name)!;
      return { township: townshipOf(s.regionCode), project: rural.find((p) => p.schoolId === s.id)! };
    };
    // 宣风镇吐霞小学、宣风镇中心学校、上埠镇九州小学、上埠镇中学、南坑镇石灰仑小学、上埠镇山口岩小学附属幼儿园等工程已完工
    const completed = ['宣风镇吐霞小学', '宣风镇中心学校', '上埠镇九州小学', '上埠镇中学', '南坑镇石灰仑小学', '上埠镇山口岩小学附属幼儿园'];
    expect(completed.map((n) => at(n).township)).toEqual(['宣风镇', '宣风镇', '上埠镇', '上埠镇', '南坑镇', '上埠镇']);
    for (const n of completed) expect(at(n).project.history.find((h) => h.status === 'COMPLETED')!.on <= '2017-06-30').toBe(true);
    // 宣风镇中学项目已启动建设: under construction by the report, not completed.
    const xuanfeng = at('宣风镇中学');
    expect(xuanfeng.township).toBe('宣风镇');
    expect(xuanfeng.project.history.find((h) => h.status === 'UNDER_CONSTRUCTION')!.on <= '2017-06-30').toBe(true);
    expect(xuanfeng.project.history.find((h) => h.status === 'COMPLETED')?.on ?? '9999').toMatch(/^(2018|9999)/);
    expect(at('南坑镇大岭小学附属幼儿园').township).toBe('南坑镇');
  });

  it("has seed 004's three village schools (600万 yuan, from October 2017) and gaps costed as Fen past 2^31", () => {
    const { projects, gaps } = demoFacilities();
    const village = projects.filter((p) => p.programme === PROGRAMME_VILLAGE);
    expect(village.map((p) => [p.name, townshipOf(p.regionCode)])).toEqual([
      ['源南乡新下小学建设', '源南乡'],
      ['源南乡花园小学建设', '源南乡'],
      ['银河镇棚下小学建设', '银河镇'],
    ]);
    expect(village.reduce((n, p) => n + p.budgetFen, 0)).toBe(600_000_000);
    expect(village.every((p) => p.history.find((h) => h.status === 'UNDER_CONSTRUCTION')!.on.startsWith('2017-10'))).toBe(true);
    for (const p of projects) expect(p.financeFen + p.povertyLoanFen + p.socialFen).toBe(p.budgetFen);
    const gapIds = new Set(gaps.map((g) => g.id));
    for (const p of projects) for (const id of p.closesGapIds) expect(gapIds.has(id)).toBe(true);
    // A gap is estimated at its project's budget: the 2017 ones pass 2^31 fen (the Fen scalar carries them).
    expect(gaps.some((g) => g.estimatedCostFen > 2_147_483_647)).toBe(true);
    for (const g of gaps) expect(Number.isSafeInteger(g.estimatedCostFen)).toBe(true);
    // Every project's dates run in order and every gap was recorded before its project was planned.
    const gapById = new Map(gaps.map((g) => [g.id, g]));
    for (const p of projects) {
      const dates = p.history.map((h) => h.on);
      expect([...dates].sort()).toEqual(dates);
      for (const id of p.closesGapIds) expect(gapById.get(id)!.recordedOn <= dates[0]!).toBe(true);
    }
  });

  it('splits amounts exactly', () => {
    expect(splitExactly(100, [1, 1, 1])).toEqual([33, 33, 34]);
  });
});
