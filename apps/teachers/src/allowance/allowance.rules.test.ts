import { currentMonth, monthlyAllowanceFen, rateFor } from './allowance.rules';

const rates = [
  { regionPrefix: '36', hardshipTier: 1, fromMonth: '2016-01', toMonth: null, monthlyFen: 30_000 },
  { regionPrefix: '360323', hardshipTier: 1, fromMonth: '2016-01', toMonth: '2018-12', monthlyFen: 50_000 },
  { regionPrefix: '360323', hardshipTier: 1, fromMonth: '2019-01', toMonth: null, monthlyFen: 60_000 },
  { regionPrefix: '360323', hardshipTier: 2, fromMonth: '2016-01', toMonth: null, monthlyFen: 70_000 },
];

describe('rateFor', () => {
  it('takes the most specific region prefix in force that month', () => {
    expect(rateFor(rates, '360323101', 1, '2017-05')?.monthlyFen).toBe(50_000);
    expect(rateFor(rates, '360323101', 1, '2019-01')?.monthlyFen).toBe(60_000);
    expect(rateFor(rates, '360321101', 1, '2019-01')?.monthlyFen).toBe(30_000);
  });

  it('finds nothing before the first period, for another tier or outside every prefix', () => {
    expect(rateFor(rates, '360323101', 1, '2015-12')).toBeNull();
    expect(rateFor(rates, '360323101', 0, '2019-01')).toBeNull();
    expect(rateFor(rates, '420102001', 2, '2019-01')).toBeNull();
  });
});

describe('monthlyAllowanceFen', () => {
  const postings = [
    { schoolId: 'a', regionCode: '360323101', hardshipTier: 1, fromDate: '2016-09-01', toDate: '2019-03-14' },
    { schoolId: 'b', regionCode: '360323201', hardshipTier: 2, fromDate: '2019-03-15', toDate: null },
  ];

  it('pays the rate of the posting in effect on the last day of the month', () => {
    expect(monthlyAllowanceFen(postings, rates, '2016-08')).toBe(0);
    expect(monthlyAllowanceFen(postings, rates, '2016-09')).toBe(50_000);
    expect(monthlyAllowanceFen(postings, rates, '2019-02')).toBe(60_000);
    expect(monthlyAllowanceFen(postings, rates, '2019-03')).toBe(70_000);
  });

  it('pays nothing for a town posting (no tier-0 rate)', () => {
    expect(monthlyAllowanceFen([{ ...postings[0]!, hardshipTier: 0, toDate: null }], rates, '2018-01')).toBe(0);
  });

  it('uses China Standard Time for the current month', () => {
    expect(currentMonth(new Date('2020-01-31T17:00:00Z'))).toBe('2020-02');
    expect(currentMonth(new Date('2020-01-31T15:00:00Z'))).toBe('2020-01');
  });
});
