import { trainingCycle, trainingDateProblem } from './training.rules';

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
