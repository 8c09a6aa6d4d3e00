import { assertRateAdministrator, currentMonth, monthlyAllowanceFen, planRateChange, rateAmountProblem, rateFor } from './allowance.rules';

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

describe('rateAmountProblem', () => {
  const province = [{ regionPrefix: '36', hardshipTier: 2, fromMonth: '2016-01', toMonth: null, monthlyFen: 80_000 }];
  const rate = (monthlyFen: number, extra: Partial<{ regionPrefix: string; hardshipTier: number; fromMonth: string }> = {}) => ({
    regionPrefix: '360323',
    hardshipTier: 1,
    fromMonth: '2024-01',
    monthlyFen,
    ...extra,
  });

  it('keeps a rural tier at 500 yuan a month or more from 2016', () => {
    expect(rateAmountProblem(rate(50_000), [])).toBeNull();
    expect(rateAmountProblem(rate(49_999), [])).toMatch(/at least 50000 fen/);
    expect(rateAmountProblem(rate(0), [])).toMatch(/at least 50000 fen/);
    // Before 2016, and for town schools (tier 0), the floor does not apply.
    expect(rateAmountProblem(rate(30_000, { fromMonth: '2015-09' }), [])).toBeNull();
    expect(rateAmountProblem(rate(0, { hardshipTier: 0 }), [])).toBeNull();
  });

  it('refuses a rate above 5,000 yuan a month', () => {
    expect(rateAmountProblem(rate(500_000), [])).toBeNull();
    expect(rateAmountProblem(rate(9_999_900), [])).toMatch(/above the ceiling of 500000 fen/);
  });

  it('lets a county top up the province rate of a tier, never cut it', () => {
    expect(rateAmountProblem(rate(90_000, { hardshipTier: 2 }), province)).toBeNull();
    expect(rateAmountProblem(rate(60_000, { hardshipTier: 2 }), province)).toMatch(/below the rate of 80000 fen the region 36 pays tier 2/);
    // Another tier, another province, or a province rate that ended before the month: no bound.
    expect(rateAmountProblem(rate(60_000, { hardshipTier: 1 }), province)).toBeNull();
    expect(rateAmountProblem(rate(60_000, { hardshipTier: 2, regionPrefix: '420102' }), province)).toBeNull();
    expect(rateAmountProblem(rate(60_000, { hardshipTier: 2 }), [{ ...province[0]!, toMonth: '2023-12' }])).toBeNull();
    // The province itself may lower its own rate (down to the floor).
    expect(rateAmountProblem(rate(60_000, { hardshipTier: 2, regionPrefix: '36' }), province)).toBeNull();
  });
});

describe('assertRateAdministrator', () => {
  const as = (role: 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'INTEGRATION') => ({ subject: 's', role, regionCode: '360323' as never, scopes: ['policy:admin'] });
  it('leaves rates to province, city and county offices', () => {
    for (const role of ['PROVINCE', 'CITY', 'COUNTY'] as const) expect(() => assertRateAdministrator(as(role))).not.toThrow();
    for (const role of ['TOWNSHIP', 'INTEGRATION'] as const) expect(() => assertRateAdministrator(as(role))).toThrow(/province, city and county offices/);
  });
});

describe('planRateChange (rates carry an effective month)', () => {
  const rates = [
    { id: 'a', fromMonth: '2019-01', toMonth: '2019-12' },
    { id: 'b', fromMonth: '2020-01', toMonth: null },
  ];
  it('corrects a rate of the same month in place', () => {
    expect(planRateChange(rates, '2020-01')).toEqual({ kind: 'correct', rate: rates[1] });
  });
  it('inserts a past correction until the next change, ending the rate in force the month before', () => {
    expect(planRateChange(rates, '2019-06')).toEqual({ kind: 'insert', toMonth: '2019-12', close: { rate: rates[0], toMonth: '2019-05' } });
  });
  it('opens a rate after the last one, and one before the first', () => {
    expect(planRateChange(rates, '2021-03')).toEqual({ kind: 'insert', toMonth: null, close: { rate: rates[1], toMonth: '2021-02' } });
    expect(planRateChange(rates, '2018-01')).toEqual({ kind: 'insert', toMonth: '2018-12', close: null });
  });
});

describe('monthlyAllowanceFen for a 支教 stay at a rural school', () => {
  const town = [{ schoolId: 't', regionCode: '360323100', hardshipTier: 0, fromDate: '2016-09-01', toDate: null }];
  const stay = { startDate: '2019-09-01', endDate: '2020-07-15', school: { regionCode: '360323201', rural: true, hardshipTier: 2 } };
  it('pays the rural school’s tier for the months there, nothing before or after', () => {
    expect(monthlyAllowanceFen(town, rates, '2019-08', [stay])).toBe(0);
    expect(monthlyAllowanceFen(town, rates, '2019-10', [stay])).toBe(70_000);
    expect(monthlyAllowanceFen(town, rates, '2020-07', [stay])).toBe(0);
  });
  it('ignores a stay at a town school, or one whose school the caller does not see', () => {
    expect(monthlyAllowanceFen(town, rates, '2019-10', [{ ...stay, school: { ...stay.school, rural: false, hardshipTier: 0 } }])).toBe(0);
    expect(monthlyAllowanceFen(town, rates, '2019-10', [{ ...stay, school: null }])).toBe(0);
  });
});
