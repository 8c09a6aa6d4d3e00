import { parseIdNumber } from '@epg/domain';
import { DEMO_SCHOOLS, DEMO_TEACHER_SCHOOLS, demoRecruits, demoTeachersData } from '@epg/demo';

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

  it('recruits 83 special-post and 49 directed teachers in 2017, 37 of them at remote schools', () => {
    const special = demoRecruits(data, 'SPECIAL_POST', 2017);
    const directed = demoRecruits(data, 'DIRECTED', 2017);
    expect(special).toHaveLength(83);
    expect(directed).toHaveLength(49);
    const all = [...special, ...directed];
    expect(all.filter((t) => currentPlace(t).hardshipTier >= 2)).toHaveLength(37);
    expect(all.every((t) => currentPlace(t).rural)).toBe(true);
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
