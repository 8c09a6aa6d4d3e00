import { ageOn, isInside, parseRegionCode } from '@epg/domain';
import { DEMO_VOCATIONAL_SCHOOL, demoHouseholds, demoVocationalData, stableUuid } from '@epg/demo';
import { trainingAgeIssue } from './training/training.rules';
import { endDateIssue } from './enrolment/enrolment.rules';

describe('vocational demo data', () => {
  const data = demoVocationalData();
  const people = new Map(demoHouseholds().flatMap((h) => h.members.map((m) => [m.id, { ...m, household: h }] as const)));

  it('offers agricultural and other programmes at the county vocational school', () => {
    expect(DEMO_VOCATIONAL_SCHOOL.type).toBe('SECONDARY_VOCATIONAL');
    expect(data.programs.every((p) => p.schoolId === DEMO_VOCATIONAL_SCHOOL.id && p.regionCode === '360323100')).toBe(true);
    expect(data.programs.some((p) => p.agricultural)).toBe(true);
    expect(data.programs.some((p) => !p.agricultural)).toBe(true);
  });

  it('enrols young people of registered households, once each, with valid dates and outcomes for graduates only', () => {
    expect(data.enrolments.length).toBeGreaterThan(20);
    expect(new Set(data.enrolments.map((e) => e.personId)).size).toBe(data.enrolments.length);
    for (const e of data.enrolments) {
      const person = people.get(e.personId)!;
      expect(person.household.statusHistory.at(-1)!.status).not.toBe('REMOVED');
      expect(e.regionCode).toBe(person.household.villageCode);
      const age = ageOn(person.birthDate, '2023-09-01');
      expect(age).toBeGreaterThanOrEqual(15);
      expect(age).toBeLessThanOrEqual(19);
      if (e.endedOn) expect(endDateIssue(e.startYear, e.endedOn, '2030-01-01')).toBeNull();
      expect(e.employed === null || e.status === 'GRADUATED').toBe(true);
    }
    expect(data.enrolments.some((e) => e.status === 'GRADUATED' && e.employed)).toBe(true);
    expect(data.enrolments.some((e) => e.status === 'ENROLLED')).toBe(true);
  });

  it('trains adults within the rules (new professional farmers ≤ 50)', () => {
    expect(data.trainings.length).toBeGreaterThan(100);
    for (const t of data.trainings) {
      const person = people.get(t.personId)!;
      expect(trainingAgeIssue(t.kind, person.birthDate, t.completedOn)).toBeNull();
      expect(ageOn(person.birthDate, t.completedOn)).toBeGreaterThanOrEqual(18);
      expect(t.hours).toBeGreaterThan(0);
      expect(isInside(parseRegionCode(t.regionCode), parseRegionCode('360323'))).toBe(true);
    }
    expect(new Set(data.trainings.map((t) => t.kind)).size).toBe(5);
  });

  it('uses stable ids derived from natural keys, so replaying the seed inserts nothing new', () => {
    for (const e of data.enrolments) expect(e.id).toBe(stableUuid('vocational-enrolment', `${e.personId}:${e.startYear}`));
    for (const t of data.trainings) expect(t.id).toBe(stableUuid('skills-training', `${t.personId}:${t.completedOn}`));
    expect(new Set(data.trainings.map((t) => t.id)).size).toBe(data.trainings.length);
  });
});
