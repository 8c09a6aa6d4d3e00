import { isCompulsorySchoolAge, isInside, parseIdNumber, parseRegionCode, regionLevelOf } from '@epg/domain';
import { demoHouseholds } from './households';
import { DEMO_REGIONS, DEMO_VILLAGES, demoVillageFacts } from './regions';
import { DEMO_SCHOOLS } from './schools';
import { stableUuid } from './stable-id';

describe('demo county data', () => {
  const households = demoHouseholds();
  const people = households.flatMap((h) => h.members);

  it('has the sizes the issue asks for: ~2,000 households, ~7,000 people, ~2,500 school-age children', () => {
    expect(households).toHaveLength(2000);
    expect(people.length).toBeGreaterThan(6500);
    expect(people.length).toBeLessThan(7500);
    const schoolAge = people.filter((p) => isCompulsorySchoolAge(p.birthDate, 2023)).length;
    expect(schoolAge).toBeGreaterThan(2300);
    expect(schoolAge).toBeLessThan(2700);
  });

  it('is valid: real ID numbers matching birth date and gender, unique, one head per household', () => {
    for (const person of people) {
      const parsed = parseIdNumber(person.idNumber, '2026-01-01');
      expect(parsed.ok && parsed.value.birthDate === person.birthDate && parsed.value.gender === person.gender).toBe(true);
    }
    expect(new Set(people.map((p) => p.idNumber)).size).toBe(people.length);
    expect(households.every((h) => h.members.filter((m) => m.relationToHead === 'HEAD').length === 1)).toBe(true);
    expect(new Set(households.map((h) => h.registrationNumber)).size).toBe(households.length);
  });

  it('mixes statuses: most EXITED, some RELAPSED, a few REMOVED', () => {
    const last = (h: (typeof households)[number]) => h.statusHistory[h.statusHistory.length - 1]!.status;
    const count = (status: string) => households.filter((h) => last(h) === status).length;
    expect(count('EXITED')).toBeGreaterThan(1400);
    expect(count('RELAPSED')).toBeGreaterThan(40);
    expect(count('REMOVED')).toBeGreaterThan(10);
    expect(count('REMOVED')).toBeLessThan(150);
    // Every history starts IDENTIFIED and never goes back in time.
    for (const h of households) {
      expect(h.statusHistory[0]!.status).toBe('IDENTIFIED');
      const dates = h.statusHistory.map((s) => s.on);
      expect([...dates].sort()).toEqual(dates);
    }
  });

  it('is deterministic, with stable ids other services can share', () => {
    expect(demoHouseholds()[17]).toBe(households[17]);
    expect(households[0]!.id).toBe(stableUuid('household', households[0]!.registrationNumber));
    expect(stableUuid('school', 'x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('places every village, household and school inside 芦溪县, with facts for every village', () => {
    expect(DEMO_VILLAGES.every((v) => regionLevelOf(parseRegionCode(v.code)) === 'VILLAGE' && isInside(parseRegionCode(v.code), parseRegionCode('360323')))).toBe(true);
    expect(households.every((h) => DEMO_VILLAGES.some((v) => v.code === h.villageCode))).toBe(true);
    expect(DEMO_SCHOOLS.every((s) => DEMO_REGIONS.some((r) => r.code === s.regionCode))).toBe(true);
    expect(new Set(DEMO_SCHOOLS.map((s) => s.code)).size).toBe(DEMO_SCHOOLS.length);
    expect(demoVillageFacts()).toHaveLength(DEMO_VILLAGES.length * 5);
  });
});
