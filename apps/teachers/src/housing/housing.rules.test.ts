import { allocationOn } from './housing.service';
import { allocationDateProblem, housingFigures, housingTargetSchema, overlappingLetting } from './housing.rules';

describe('allocationOn', () => {
  it('finds the allocation covering a day', () => {
    const list = [
      { id: 'a', fromDate: '2017-09-01', toDate: '2019-08-31' },
      { id: 'b', fromDate: '2019-09-01', toDate: null },
    ];
    expect(allocationOn(list, '2019-08-31')?.id).toBe('a');
    expect(allocationOn(list, '2025-01-01')?.id).toBe('b');
    expect(allocationOn(list, '2017-08-31')).toBeNull();
  });
});

describe('housing rules', () => {
  it('keeps a target plausible: whole units, a due date from 2000 (plannedDate)', () => {
    expect(housingTargetSchema.safeParse({ regionCode: '360323', units: 372, dueOn: '2016-12-31' }).success).toBe(true);
    expect(housingTargetSchema.safeParse({ regionCode: '360323', units: -1, dueOn: '2016-12-31' }).success).toBe(false);
    expect(housingTargetSchema.safeParse({ regionCode: '360323', units: 1.5, dueOn: '2016-12-31' }).success).toBe(false);
    expect(housingTargetSchema.safeParse({ regionCode: '360323', units: 10, dueOn: '1990-12-31' }).success).toBe(false);
  });

  it('refuses a letting before the unit was built, before the teacher started or after they left', () => {
    const teacher = { startedOn: '2017-09-01', leftOn: null };
    expect(allocationDateProblem('2017-09-01', { builtOn: '2016-10-01' }, teacher)).toBeNull();
    expect(allocationDateProblem('2016-09-01', { builtOn: '2016-10-01' }, teacher)).toMatch(/built/);
    expect(allocationDateProblem('2017-01-01', { builtOn: null }, teacher)).toMatch(/started/);
    expect(allocationDateProblem('2021-01-01', { builtOn: null }, { startedOn: '2010-09-01', leftOn: '2020-07-31' })).toMatch(/left/);
  });

  it('finds an overlapping letting (one teacher per unit, one unit per teacher)', () => {
    const lettings = [{ id: 'a', fromDate: '2017-09-01', toDate: '2019-08-31' }];
    expect(overlappingLetting(lettings, { fromDate: '2019-09-01', toDate: null })).toBeNull();
    expect(overlappingLetting(lettings, { fromDate: '2019-08-31', toDate: null })?.id).toBe('a');
    expect(overlappingLetting(lettings, { fromDate: '2016-01-01', toDate: '2017-09-01' })?.id).toBe('a');
  });

  it('derives vacant units and the shortfall against the target', () => {
    expect(housingFigures({ built: 80, allocated: 60 }, 372)).toEqual({ built: 80, allocated: 60, vacant: 20, shortfall: 292 });
    expect(housingFigures({ built: 400, allocated: 372 }, 372)).toMatchObject({ vacant: 28, shortfall: 0 });
    expect(housingFigures({ built: 3, allocated: 0 }, null)).toMatchObject({ shortfall: null });
  });
});
