import { ageOn, isInside, parseRegionCode } from '@epg/domain';
import { DEMO_VOCATIONAL_SCHOOL, demoHouseholds, demoSchoolLedger, demoVocationalData, stableUuid } from '@epg/demo';
import { trainingAgeIssue } from './training/training.rules';
import { endDateIssue, schoolRecordFor } from './enrolment/enrolment.rules';
import { currentLinkedRecord, ledgerEndingFor, WITHDRAWAL_RECORD_STATUSES } from './enrolment/ledger-agreement.rules';

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

  /**
   * Issue 21 (one owner for secondary-vocational 学籍): the demo seeds both ledgers, so every
   * programme assignment stands on a schools 学籍 the schools seeder writes — the person's, of the
   * start year, at the programme's school — and ends as that 学籍 ends (the rules the live
   * mutations apply: `schoolRecordFor` at enrolment, `ledgerEndingFor` at graduation/withdrawal).
   */
  it('links every enrolment to a schools 学籍 of the same person at the programme\'s school, with agreeing status', () => {
    // What the schools seeder writes (apps/schools school.seed.ts).
    const ledger = demoSchoolLedger();
    const byPerson = new Map<string, typeof ledger>();
    for (const r of ledger) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
    const programs = new Map(data.programs.map((p) => [p.id, p]));
    const problems: string[] = [];
    for (const e of data.enrolments) {
      const records = byPerson.get(e.personId) ?? [];
      const linked = records.find((r) => r.id === e.schoolEnrolmentId);
      if (!linked) {
        problems.push(`${e.id}: no linked 学籍`);
        continue;
      }
      const program = programs.get(e.programId)!;
      if (linked.personId !== e.personId || linked.schoolId !== program.schoolId || linked.stage !== 'SECONDARY_VOCATIONAL') {
        problems.push(`${e.id}: linked 学籍 is not this person's SECONDARY_VOCATIONAL record at the programme's school`);
      }
      // The link is the record enrolVocational would have found: ENROLLED-or-later start-year 学籍 at the school.
      const atStart = schoolRecordFor(records.map((r) => (r.id === linked.id ? { ...r, status: 'ENROLLED' } : r)), program, e.startYear);
      if ('issue' in atStart || atStart.record.id !== linked.id) problems.push(`${e.id}: linked 学籍 is not the start year's at the programme's school`);
      const current = currentLinkedRecord(records, linked.id)!;
      if (e.status === 'ENROLLED') {
        if (current.status !== 'ENROLLED') problems.push(`${e.id}: ENROLLED but the 学籍 is ${current.status}`);
        continue;
      }
      const ending = ledgerEndingFor(current, e.status, e.endedOn);
      if (!('endedOn' in ending)) problems.push(`${e.id}: ${ending.message}`);
      if (e.status === 'WITHDRAWN' && !WITHDRAWAL_RECORD_STATUSES.includes(current.status)) problems.push(`${e.id}: withdrawn on a ${current.status} 学籍`);
    }
    expect(problems).toEqual([]);
    // The ledger holds one 学籍 per person and academic year (a vocational year replaces the draw).
    expect(new Set(ledger.map((r) => `${r.personId}:${r.academicYear}`)).size).toBe(ledger.length);
    expect(new Set(ledger.map((r) => r.id)).size).toBe(ledger.length);
    // Both endings occur, so the agreement is exercised on each.
    expect(data.enrolments.some((e) => e.status === 'GRADUATED') && data.enrolments.some((e) => e.status === 'WITHDRAWN')).toBe(true);
  });
});
