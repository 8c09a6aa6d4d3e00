import { householdStatusInAcademicYear, isRegisteredPoorHousehold, REGISTERED_POOR_CATEGORIES } from './household-status';
import { HOUSEHOLD_CATEGORIES } from './enums';

describe('isRegisteredPoorHousehold (建档立卡)', () => {
  const identified = { status: 'IDENTIFIED' as const, exitedAcademicYear: null };

  it('takes the three registry categories, never 纯低保 or urban difficult families', () => {
    const registered = HOUSEHOLD_CATEGORIES.filter((category) => isRegisteredPoorHousehold({ ...identified, category }, 2023, true));
    expect(registered).toEqual(['POVERTY_REGISTERED', 'POVERTY_LOW_INCOME', 'FIVE_GUARANTEES']);
    expect(registered).toEqual([...REGISTERED_POOR_CATEGORIES]);
    for (const category of ['LOW_INCOME_ONLY', 'URBAN_DIFFICULT'] as const) {
      for (const status of ['IDENTIFIED', 'RELAPSED', 'EXITED'] as const) {
        expect(isRegisteredPoorHousehold({ category, status, exitedAcademicYear: 2020 }, 2020, true)).toBe(false);
      }
    }
  });

  it('takes IDENTIFIED and RELAPSED; EXITED only where benefits are kept or up to the year of exit; never REMOVED or unregistered', () => {
    const category = 'POVERTY_REGISTERED' as const;
    expect(isRegisteredPoorHousehold({ category, status: 'RELAPSED', exitedAcademicYear: null }, 2023, false)).toBe(true);
    const exited = { category, status: 'EXITED' as const, exitedAcademicYear: 2018 };
    expect(isRegisteredPoorHousehold(exited, 2023, true)).toBe(true);
    expect(isRegisteredPoorHousehold(exited, 2018, false)).toBe(true);
    expect(isRegisteredPoorHousehold(exited, 2019, false)).toBe(false);
    expect(isRegisteredPoorHousehold({ category, status: 'REMOVED', exitedAcademicYear: null }, 2023, true)).toBe(false);
    expect(isRegisteredPoorHousehold({ category, status: null, exitedAcademicYear: null }, 2023, true)).toBe(false);
    expect(isRegisteredPoorHousehold({ category: null, status: 'IDENTIFIED', exitedAcademicYear: null }, 2023, true)).toBe(false);
  });
});

describe('householdStatusInAcademicYear (dated history, never today)', () => {
  const history = [
    { status: 'IDENTIFIED' as const, on: '2016-03-01' },
    { status: 'EXITED' as const, on: '2018-12-01' },
    { status: 'RELAPSED' as const, on: '2021-10-15' },
  ];

  it('is not in the registry before it was first identified', () => {
    expect(householdStatusInAcademicYear([{ status: 'IDENTIFIED', on: '2026-10-10' }], 2025)).toEqual({ status: null, exitedAcademicYear: null });
    expect(householdStatusInAcademicYear([{ status: 'IDENTIFIED', on: '2026-10-10' }], 2026)).toEqual({ status: 'IDENTIFIED', exitedAcademicYear: null });
    expect(householdStatusInAcademicYear(history, 2014)).toEqual({ status: null, exitedAcademicYear: null });
    // Identified during the year (spring 2016 is academic year 2015): poor that year.
    expect(householdStatusInAcademicYear(history, 2015).status).toBe('IDENTIFIED');
  });

  it('counts the year of exit as live, then EXITED until the relapse', () => {
    expect(householdStatusInAcademicYear(history, 2018)).toEqual({ status: 'IDENTIFIED', exitedAcademicYear: null });
    expect(householdStatusInAcademicYear(history, 2019)).toEqual({ status: 'EXITED', exitedAcademicYear: 2018 });
    expect(householdStatusInAcademicYear(history, 2020)).toEqual({ status: 'EXITED', exitedAcademicYear: 2018 });
    expect(householdStatusInAcademicYear(history, 2021)).toEqual({ status: 'RELAPSED', exitedAcademicYear: null });
    expect(householdStatusInAcademicYear(history, 2025)).toEqual({ status: 'RELAPSED', exitedAcademicYear: null });
  });

  it('takes a change on 1 September as the whole year, and reads the history in date order', () => {
    expect(householdStatusInAcademicYear([{ status: 'EXITED', on: '2019-09-01' }, { status: 'IDENTIFIED', on: '2015-01-01' }], 2019)).toEqual({
      status: 'EXITED',
      exitedAcademicYear: 2019,
    });
  });

  it('never counts a REMOVED household (清退), in any year', () => {
    expect(householdStatusInAcademicYear([...history, { status: 'REMOVED', on: '2026-11-01' }], 2019).status).toBe('REMOVED');
  });

  it('with a set where exited households lose benefits: none for the exited span', () => {
    const poorIn = (year: number) => {
      const { status, exitedAcademicYear } = householdStatusInAcademicYear(history, year);
      return isRegisteredPoorHousehold({ category: 'POVERTY_REGISTERED', status, exitedAcademicYear }, year, false);
    };
    expect([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022].map(poorIn)).toEqual([true, true, true, true, false, false, true, true]);
  });
});
