import { DEMO_ACADEMIC_YEAR, demoEnrolments, demoFacilities, demoHouseholds } from '@epg/demo';
import { withinAcademicYear } from '@epg/domain';
import { enrolmentAgeIssues } from './enrolment.rules';
import { spendingIssue } from '../facility/facility.rules';

/** The demo seeds hold only facts the enrolment rules accept (issue 20: plausible facts). */
describe('demo enrolments are plausible', () => {
  const births = new Map(demoHouseholds().flatMap((h) => h.members.map((m) => [m.id, m.birthDate] as const)));

  it.each([DEMO_ACADEMIC_YEAR - 1, DEMO_ACADEMIC_YEAR])('every %i enrolment fits the pupil age and lies inside its year', (year) => {
    const problems = demoEnrolments(year).flatMap((e) => {
      const issues = enrolmentAgeIssues(births.get(e.personId)!, e).map((i) => `${e.id}: ${i.message}`);
      const outside = withinAcademicYear(e.enrolledOn, e.academicYear);
      return outside ? [...issues, `${e.id}: ${outside}`] : issues;
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
