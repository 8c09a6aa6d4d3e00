import {
  plausibleAdmissionDate,
  universityAdmissionWindow,
  plannedDate,
  checkAtBirthDatePrecision,
  dateBetween,
  implausibleWhateverTheBirthDay,
  notBefore,
  notInFuture,
  plausibleAcademicYear,
  plausibleAdultAge,
  plausibleAgeForGrade,
  plausibleDateSchema,
  plausibleFactYear,
  withinAcademicYear,
  graduationGradeIssue,
  plausibleTransitionDate,
  plausiblePlanYear,
} from './plausibility';
import { parseIdNumber, makeIdNumber } from './id-number';
import { birthYearOf } from './dates';

const TODAY = '2026-12-06';

describe('dates against today', () => {
  it('refuses the future and dates before the ledgers began', () => {
    expect(notInFuture('2099-09-01', TODAY)).toMatch(/in the future/);
    expect(notInFuture(TODAY, TODAY)).toBeNull();
    expect(dateBetween('1900-01-01', { from: '2000-01-01' }, TODAY)).toMatch(/before 2000-01-01/);
    expect(dateBetween('2031-01-01', { from: '2000-01-01' }, TODAY)).toMatch(/in the future/);
    expect(dateBetween('2016-03-01', { from: '2000-01-01' }, TODAY)).toBeNull();
    expect(plausibleFactYear(2099, TODAY)).toMatch(/future/);
    expect(plausibleFactYear(2026, TODAY)).toBeNull();
  });

  it('refuses a date before another it must follow', () => {
    expect(notBefore('2009-09-01', '2010-05-01', 'the birth date')).toMatch(/before the birth date/);
    expect(notBefore('2016-09-01', '2010-05-01', 'the birth date')).toBeNull();
  });
});

describe('academic years', () => {
  it('opens the next year from June, never further', () => {
    expect(plausibleAcademicYear(2026, TODAY)).toBeNull();
    expect(plausibleAcademicYear(2027, TODAY)).toMatch(/has not started/);
    expect(plausibleAcademicYear(2026, '2026-06-15')).toBeNull();
    expect(plausibleAcademicYear(2026, '2026-05-31')).toMatch(/has not started/);
    expect(plausibleAcademicYear(1999, TODAY)).toMatch(/before 2000/);
  });

  it('keeps a date inside its academic year (summer enrolment included)', () => {
    expect(withinAcademicYear('2023-09-01', 2023)).toBeNull();
    expect(withinAcademicYear('2023-06-20', 2023)).toBeNull();
    expect(withinAcademicYear('2024-08-31', 2023)).toBeNull();
    expect(withinAcademicYear('2024-09-01', 2023)).toMatch(/outside academic year 2023/);
    expect(withinAcademicYear('2023-03-01', 2023)).toMatch(/outside academic year 2023/);
  });
});

describe('ages per stage', () => {
  it('refuses a 48-year-old in primary grade 1 and a 5-year-old in secondary vocational', () => {
    expect(plausibleAgeForGrade('1975-03-01', 'PRIMARY', 1, 2023)).toMatch(/aged 48 .* does not fit PRIMARY grade 1/);
    expect(plausibleAgeForGrade('2018-03-01', 'SECONDARY_VOCATIONAL', 1, 2023)).toMatch(/aged 5/);
  });

  it('accepts late starters, repeaters, adult vocational students and special education', () => {
    expect(plausibleAgeForGrade('2017-03-01', 'PRIMARY', 1, 2023)).toBeNull(); // 6
    expect(plausibleAgeForGrade('2013-03-01', 'PRIMARY', 1, 2023)).toBeNull(); // 10: late start
    expect(plausibleAgeForGrade('1990-03-01', 'SECONDARY_VOCATIONAL', 1, 2023)).toBeNull(); // 33: adult 中职
    expect(plausibleAgeForGrade('2009-03-01', 'PRIMARY', 1, 2023)).toMatch(/does not fit/); // 14
    expect(plausibleAgeForGrade('2009-03-01', 'PRIMARY', 1, 2023, { specialEducation: true })).toBeNull();
  });

  it('bounds adult ages for training and employment', () => {
    expect(plausibleAdultAge('2018-01-01', '2023-05-01', { min: 16, max: 60 }, 'training')).toMatch(/age 5/);
    expect(plausibleAdultAge('1990-01-01', '1989-05-01', { min: 16, max: 60 }, 'training')).toMatch(/before the birth date/);
    expect(plausibleAdultAge('1990-01-01', '2023-05-01', { min: 16, max: 60 }, 'training')).toBeNull();
  });
});

describe('plausibleDateSchema', () => {
  it('names the rule on a future or ancient date, and accepts a recorded one', () => {
    const schema = plausibleDateSchema();
    expect(schema.safeParse('2099-01-01').success).toBe(false);
    expect(schema.safeParse('1900-01-01').error?.issues[0]?.message).toMatch(/before 2000-01-01/);
    expect(schema.safeParse('2020-02-30').success).toBe(false);
    expect(schema.safeParse('2020-02-29').success).toBe(true);
  });
});

describe('ID number region part', () => {
  it('refuses 000000 and a bare province, accepts a county', () => {
    const withRegion = (region: string) => makeIdNumber(region, '2010-05-01', 12);
    expect(parseIdNumber(withRegion('000000'), TODAY)).toMatchObject({ ok: false, message: expect.stringMatching(/names no province/) });
    expect(parseIdNumber(withRegion('360000'), TODAY)).toMatchObject({ ok: false, message: expect.stringMatching(/whole province/) });
    expect(parseIdNumber(withRegion('360323'), TODAY)).toMatchObject({ ok: true });
  });
});

describe('implausibleWhateverTheBirthDay', () => {
  const schoolAge = (birthDate: string) => plausibleAgeForGrade(birthDate, 'SECONDARY_VOCATIONAL', 1, 2026);
  it('refuses only what every birth day of the year makes implausible', () => {
    expect(implausibleWhateverTheBirthDay(schoolAge, '2021-05-05')).toMatch(/does not fit SECONDARY_VOCATIONAL/);
    // Born 2012: 14 on 1 September 2026 when born by then, 13 otherwise: the day decides, so no refusal.
    expect(schoolAge('2012-12-31')).not.toBeNull();
    expect(implausibleWhateverTheBirthDay(schoolAge, '2012-12-31')).toBeNull();
    expect(implausibleWhateverTheBirthDay(schoolAge, '2010-05-05')).toBeNull();
  });
});

describe('checkAtBirthDatePrecision', () => {
  const atLeast16On = (on: string) => (birthDate: string) => plausibleAdultAge(birthDate, on, { min: 16, max: 150 }, 'a training');
  it('decides by the day for day precision, by the year alone for year precision', () => {
    // 16 on 2026-06-30 only when born by 2010-06-30: the birth day decides.
    expect(checkAtBirthDatePrecision(atLeast16On('2026-06-30'), '2010-09-01', 'day')).toMatch(/age 15/);
    expect(checkAtBirthDatePrecision(atLeast16On('2026-06-30'), '2010-09-01', 'year')).toBeNull();
    expect(checkAtBirthDatePrecision(atLeast16On('2026-06-30'), '2018-03-01', 'year')).toMatch(/age 7/); // answered for the latest birth day of the year
    expect(birthYearOf('2010-09-01')).toBe(2010);
  });
});

describe('plausibleAdmissionDate (高考录取)', () => {
  it('accepts a date inside the admission window that is not in the future', () => {
    expect(universityAdmissionWindow(2026)).toEqual({ from: '2026-06-20', to: '2026-10-31' });
    expect(plausibleAdmissionDate('2026-07-25', 2026, '2026-12-06')).toBeNull();
  });
  it('refuses a date before the scores are out, after the autumn rounds, or in the future', () => {
    expect(plausibleAdmissionDate('2026-05-01', 2026, '2026-12-06')).toMatch(/outside the 2026 university admission window/);
    expect(plausibleAdmissionDate('2025-07-25', 2026, '2026-12-06')).toMatch(/outside/);
    expect(plausibleAdmissionDate('2026-11-02', 2026, '2026-12-06')).toMatch(/outside/);
    expect(plausibleAdmissionDate('2026-07-25', 2026, '2026-07-01')).toMatch(/in the future/);
  });
});

describe('plausibleTransitionDate (学籍 transitions)', () => {
  const record = { academicYear: 2023, enrolledOn: '2023-09-01' };
  it('takes a date inside the academic year, after the enrolment and not in the future', () => {
    expect(plausibleTransitionDate('2024-06-30', record, '2026-12-06')).toBeNull();
  });
  it('refuses a future date, a date before the enrolment, and one outside the academic year', () => {
    expect(plausibleTransitionDate('2027-01-10', { academicYear: 2026, enrolledOn: '2026-09-01' }, '2026-12-06')).toMatch(/in the future/);
    expect(plausibleTransitionDate('2023-08-20', record, '2026-12-06')).toMatch(/before the enrolment/);
    expect(plausibleTransitionDate('2024-10-01', record, '2026-12-06')).toMatch(/outside academic year 2023/);
  });
  it('refuses a date before an earlier event it follows (a resumption before the suspension)', () => {
    const after = { date: '2024-03-01', what: 'the suspension' };
    expect(plausibleTransitionDate('2024-02-01', { ...record, after }, '2026-12-06')).toMatch(/before the suspension \(2024-03-01\)/);
    expect(plausibleTransitionDate('2024-04-01', { ...record, after }, '2026-12-06')).toBeNull();
  });
});

describe('graduationGradeIssue', () => {
  it('lets only the last grade of a stage graduate', () => {
    expect(graduationGradeIssue('PRIMARY', 6)).toBeNull();
    expect(graduationGradeIssue('JUNIOR', 3)).toBeNull();
    expect(graduationGradeIssue('PRIMARY', 3)).toMatch(/last grade \(6\) of the PRIMARY stage/);
  });
});

describe('plausiblePlanYear', () => {
  it('takes years from 2000 to five years ahead, refuses others', () => {
    expect(plausiblePlanYear(2020, '2026-12-06')).toBeNull();
    expect(plausiblePlanYear(2031, '2026-12-06')).toBeNull();
    expect(plausiblePlanYear(2032, '2026-12-06')).toMatch(/latest is 2031/);
    expect(plausiblePlanYear(1999, '2026-12-06')).toMatch(/before 2000/);
  });
});

describe('plannedDate', () => {
  it('takes a plan due from 2000 to ten years ahead', () => {
    expect(plannedDate('2016-12-31', 10, '2026-12-06')).toBeNull();
    expect(plannedDate('1999-12-31', 10, '2026-12-06')).toMatch(/before 2000/);
    expect(plannedDate('2036-12-06', 10, '2026-12-06')).toBeNull();
    expect(plannedDate('2036-12-07', 10, '2026-12-06')).toMatch(/10 years ahead/);
  });
});
