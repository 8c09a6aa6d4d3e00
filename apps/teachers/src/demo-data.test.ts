import { parseIdNumber } from '@epg/domain';
import { DEMO_HOUSING_TARGET, DEMO_SCHOOLS, DEMO_TEACHER_SCHOOLS, demoRecruits, demoTeachersData } from '@epg/demo';

describe('demo teachers data', () => {
  const data = demoTeachersData();
  const placeById = new Map(DEMO_TEACHER_SCHOOLS.map((p) => [p.school.id, p]));
  const currentPlace = (t: (typeof data.teachers)[number]) => placeById.get(t.postings[t.postings.length - 1]!.schoolId)!;

  it('staffs every demo school with valid, unique ID numbers', () => {
    const schools = new Set(data.teachers.map((t) => currentPlace(t).school.id));
    expect(schools.size).toBe(DEMO_SCHOOLS.length);
    expect(new Set(data.teachers.map((t) => t.idNumber)).size).toBe(data.teachers.length);
    for (const t of data.teachers) {
      const parsed = parseIdNumber(t.idNumber, '2030-01-01');
      expect(parsed).toMatchObject({ ok: true, value: { birthDate: t.birthDate, gender: t.gender } });
    }
  });

  it('recruits 83 special-post and 49 directed teachers in 2017 (seed 004), 37 of the directed at remote schools', () => {
    const special = demoRecruits(data, 'SPECIAL_POST', 2017);
    const directed = demoRecruits(data, 'DIRECTED', 2017);
    expect(special).toHaveLength(83);
    expect(directed).toHaveLength(49);
    // 同时定向培养乡村教师49名,其中37名补充到边远乡村学校
    expect(directed.filter((t) => currentPlace(t).hardshipTier >= 2)).toHaveLength(37);
    // 招聘特岗教师83名 … 优先满足边远农村学校需要: every recruit at a rural school, most special posts remote.
    expect(special.filter((t) => currentPlace(t).hardshipTier >= 2).length).toBeGreaterThan(83 / 2);
    expect([...special, ...directed].every((t) => currentPlace(t).rural)).toBe(true);
    // The whole county's lists by post type hold these recruits (and earlier cohorts of 特岗).
    expect(data.teachers.filter((t) => t.postType === 'DIRECTED')).toHaveLength(49);
    expect(data.teachers.filter((t) => t.postType === 'SPECIAL_POST').length).toBeGreaterThanOrEqual(83);
  });

  it("builds seed 000's 372 rental units by the end of 2016 at rural schools, never letting a unit or a teacher twice", () => {
    expect(DEMO_HOUSING_TARGET).toEqual({ regionCode: '360323', units: 372, dueOn: '2016-12-31' });
    expect(data.housingUnits).toHaveLength(372);
    expect(data.housingUnits.every((u) => u.builtOn >= '2015-10-01' && u.builtOn <= DEMO_HOUSING_TARGET.dueOn)).toBe(true);
    expect(data.housingUnits.every((u) => placeById.get(u.schoolId)!.rural)).toBe(true);
    const teacherById = new Map(data.teachers.map((t) => [t.id, t]));
    const lettings = data.housingUnits.flatMap((u) => u.allocations.map((a) => ({ ...a, unit: u })));
    expect(lettings.length).toBeGreaterThan(372 / 2);
    for (const a of lettings) {
      // From the tenant's first day at the unit's school, once the unit stands.
      const posting = teacherById.get(a.teacherId)!.postings.find((p) => p.fromDate <= a.fromDate && (p.toDate === null || p.toDate >= a.fromDate));
      expect(posting?.schoolId).toBe(a.unit.schoolId);
      expect(a.fromDate >= a.unit.builtOn).toBe(true);
      expect(a.toDate === null || a.toDate >= a.fromDate).toBe(true);
    }
    expect(new Set(lettings.map((a) => a.teacherId)).size).toBe(lettings.length);
    expect(data.housingUnits.every((u) => u.allocations.length <= 1)).toBe(true);
    expect(new Set(data.housingUnits.map((u) => u.id)).size).toBe(372);
  });

  it('spreads training over 2016–2020 and is the same on every build', () => {
    const years = new Set(data.trainings.map((r) => r.completedOn.slice(0, 4)));
    expect([...years].sort()).toEqual(['2016', '2017', '2018', '2019', '2020']);
    expect(demoTeachersData()).toBe(data);
    expect(data.teachers[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('chains postings without gaps', () => {
    for (const t of data.teachers) {
      expect(t.postings[0]!.fromDate).toBe(t.startedOn);
      expect(t.postings[t.postings.length - 1]!.toDate).toBeNull();
    }
  });
});
