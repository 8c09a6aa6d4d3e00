import { birthCohort, schoolAgeCohorts } from './school-age';

/** The direct rule of the households count: born after 1 Sept (Y − 16), on or before 1 Sept (Y − 6). */
const schoolAgeDirect = (birth: string, year: number) => birth > `${year - 16}-09-01` && birth <= `${year - 6}-09-01`;

describe('school age as birth cohorts', () => {
  it('puts 1 September in its own year and the day after in the next', () => {
    expect(birthCohort('2010-09-01')).toBe(2010);
    expect(birthCohort('2010-09-02')).toBe(2011);
    expect(birthCohort('2010-01-01')).toBe(2010);
    expect(birthCohort('2010-12-31')).toBe(2011);
    expect(birthCohort('2012-02-29')).toBe(2012);
  });

  it('agrees with the date rule around every boundary', () => {
    const births: string[] = [];
    for (let year = 2000; year <= 2016; year++) {
      for (const day of ['01-01', '02-28', '08-31', '09-01', '09-02', '12-31']) births.push(`${year}-${day}`);
    }
    births.push('2004-02-29', '2008-02-29', '2012-02-29');
    for (const year of [2016, 2019, 2023]) {
      const { from, to } = schoolAgeCohorts(year);
      for (const birth of births) {
        const cohort = birthCohort(birth);
        expect([birth, year, cohort >= from && cohort <= to]).toEqual([birth, year, schoolAgeDirect(birth, year)]);
      }
    }
  });
});
