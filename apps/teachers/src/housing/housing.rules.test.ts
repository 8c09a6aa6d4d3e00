import { allocationOn } from './housing.service';

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
