import { CYCLE_REQUIRED_HOURS, cycleHours, trainingBreakdown, trainingCycle, trainingDateProblem } from './training.rules';

describe('training rules', () => {
  it('spans five calendar years', () => {
    expect(trainingCycle(2016)).toEqual({ startYear: 2016, endYear: 2020, from: '2016-01-01', to: '2020-12-31' });
  });

  it('keeps trainings inside the teacher’s service and not in the future', () => {
    expect(trainingDateProblem('2018-05-01', '2017-09-01', null, '2020-01-01')).toBeNull();
    expect(trainingDateProblem('2017-05-01', '2017-09-01', null, '2020-01-01')).toMatch(/started/);
    expect(trainingDateProblem('2019-05-01', '2017-09-01', '2019-01-31', '2020-01-01')).toMatch(/left/);
    expect(trainingDateProblem('2020-01-02', '2017-09-01', null, '2020-01-01')).toMatch(/future/);
  });
});

describe('cycle hours (360 学时 per five-year cycle)', () => {
  const cycle = trainingCycle(2016);
  it('sums only the hours completed inside the cycle, its first and last days included', () => {
    expect(
      cycleHours(
        [
          { hours: 200, completedOn: '2016-01-01' },
          { hours: 160, completedOn: '2020-12-31' },
          { hours: 50, completedOn: '2015-12-31' },
          { hours: 50, completedOn: '2021-01-01' },
        ],
        cycle,
      ),
    ).toBe(360);
    expect(CYCLE_REQUIRED_HOURS).toBe(360);
  });

  it('breaks a cycle down by year and level, listing every year and level', () => {
    const b = trainingBreakdown(
      [
        { year: 2016, level: 'COUNTY', personTimes: 2, hours: 40 },
        { year: 2019, level: 'NATIONAL', personTimes: 1, hours: 100 },
        { year: 2019, level: 'COUNTY', personTimes: 1, hours: 8 },
      ],
      2016,
    );
    expect(b.hours).toBe(148);
    expect(b.personTimesByYear).toEqual([
      { year: 2016, personTimes: 2, hours: 40 },
      { year: 2017, personTimes: 0, hours: 0 },
      { year: 2018, personTimes: 0, hours: 0 },
      { year: 2019, personTimes: 2, hours: 108 },
      { year: 2020, personTimes: 0, hours: 0 },
    ]);
    expect(b.byLevel.map((l) => [l.level, l.personTimes, l.hours])).toEqual([
      ['NATIONAL', 1, 100],
      ['PROVINCIAL', 0, 0],
      ['CITY', 0, 0],
      ['COUNTY', 3, 48],
      ['SCHOOL', 0, 0],
    ]);
  });
});
