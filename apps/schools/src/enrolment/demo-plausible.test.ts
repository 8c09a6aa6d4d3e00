import { demoFacilities, demoHouseholds, demoSchoolLedger } from '@epg/demo';
import { withinAcademicYear } from '@epg/domain';
import { enrolmentAgeIssues } from './enrolment.rules';
import { spendingIssue } from '../facility/facility.rules';

/** The demo seeds hold only facts the enrolment rules accept (issue 20: plausible facts). */
describe('demo enrolments are plausible', () => {
  const births = new Map(demoHouseholds().flatMap((h) => h.members.map((m) => [m.id, m.birthDate] as const)));

  // Every record the schools seeder writes, the vocational students' earlier years included.
  const ledger = demoSchoolLedger();
  const years = [...new Set(ledger.map((e) => e.academicYear))].sort();

  it.each(years)('every %i enrolment fits the pupil age and lies inside its year', (year) => {
    const problems = ledger
      .filter((e) => e.academicYear === year)
      .flatMap((e) => {
        const issues = enrolmentAgeIssues(births.get(e.personId)!, e).map((i) => `${e.id}: ${i.message}`);
        const outside = withinAcademicYear(e.enrolledOn, e.academicYear);
        return outside ? [...issues, `${e.id}: ${outside}`] : issues;
      });
    expect(problems).toEqual([]);
  });

  it('ends a record inside its year, after its enrolment (graduations and dropouts of the vocational 学籍)', () => {
    const ended = ledger.filter((e) => e.endedOn !== null);
    expect(ended.length).toBeGreaterThan(0);
    const problems = ended.flatMap((e) => {
      const outside = withinAcademicYear(e.endedOn!, e.academicYear);
      return [...(outside ? [`${e.id}: ${outside}`] : []), ...(e.endedOn! <= e.enrolledOn ? [`${e.id}: ends before it began`] : []), ...(e.status === 'ENROLLED' ? [`${e.id}: ENROLLED with an end date`] : [])];
    });
    expect(problems).toEqual([]);
  });
});

describe('demo projects are plausible', () => {
  it('spend within the budget and its overrun tolerance', () => {
    const problems = demoFacilities().projects.flatMap((p) => {
      const overrun = spendingIssue(p.spentFen, p.budgetFen);
      return overrun ? [`${p.name}: ${overrun}`] : [];
    });
    expect(problems).toEqual([]);
  });
});
