import { exchangeActivitySchema, meetsSeniorTitleCondition, overlappingRotation, pairingTerms, quotaProgress, rotationShare, termOf, termsBetween } from './exchange.rules';

describe('senior-title condition', () => {
  const base = { fromRural: false, toRural: true, startDate: '2019-09-01' };

  it('needs a full year from an urban to a rural school', () => {
    expect(meetsSeniorTitleCondition({ ...base, endDate: '2020-08-31' })).toBe(true);
    expect(meetsSeniorTitleCondition({ ...base, endDate: '2020-08-30' })).toBe(false);
    expect(meetsSeniorTitleCondition({ ...base, endDate: null })).toBe(false);
    expect(meetsSeniorTitleCondition({ ...base, fromRural: true, endDate: '2021-08-31' })).toBe(false);
    expect(meetsSeniorTitleCondition({ ...base, toRural: false, endDate: '2021-08-31' })).toBe(false);
  });
});

describe('rotation share', () => {
  it('compares with the 10% target', () => {
    expect(rotationShare(40, 4)).toMatchObject({ share: 0.1, meetsTarget: true });
    expect(rotationShare(40, 3)).toMatchObject({ share: 0.075, meetsTarget: false });
    expect(rotationShare(0, 0)).toMatchObject({ share: null, meetsTarget: false });
  });
});

describe('school terms', () => {
  it('runs autumn from August to January and spring from February to July', () => {
    expect(termOf('2019-08-01')).toBe('2019-AUTUMN');
    expect(termOf('2020-01-31')).toBe('2019-AUTUMN');
    expect(termOf('2020-02-01')).toBe('2020-SPRING');
    expect(termOf('2020-07-31')).toBe('2020-SPRING');
    expect(termsBetween('2019-09-01', '2020-09-01')).toEqual(['2019-AUTUMN', '2020-SPRING', '2020-AUTUMN']);
    expect(termsBetween('2020-09-01', '2019-09-01')).toEqual([]);
  });

  it('flags terms with fewer than 2 activities, including empty ones', () => {
    expect(pairingTerms('2019-09-01', '2020-09-01', ['2019-10-01', '2019-12-01', '2020-04-01'])).toEqual([
      { term: '2019-AUTUMN', activities: 2, meetsMinimum: true },
      { term: '2020-SPRING', activities: 1, meetsMinimum: false },
      { term: '2020-AUTUMN', activities: 0, meetsMinimum: false },
    ]);
  });
});

describe('support-teaching quota', () => {
  it('is met when both counts reach the quota', () => {
    expect(quotaProgress({ managers: 5, teachers: 10 }, 5, 10).met).toBe(true);
    expect(quotaProgress({ managers: 5, teachers: 10 }, 4, 12).met).toBe(false);
    expect(quotaProgress(null, 4, 12)).toMatchObject({ managersQuota: null, met: false });
  });
});

describe('implausible exchange facts', () => {
  const recorded = [{ startDate: '2022-09-01', endDate: '2023-07-15' }, { startDate: '2024-09-01', endDate: null }];
  it('finds a rotation overlapping a recorded one, an open one included', () => {
    expect(overlappingRotation(recorded, '2023-03-01', '2024-01-20')).toBe(recorded[0]);
    expect(overlappingRotation(recorded, '2025-03-01', '2025-06-30')).toBe(recorded[1]);
    expect(overlappingRotation(recorded, '2021-09-01', null)).toBe(recorded[0]);
    expect(overlappingRotation(recorded, '2023-07-16', '2024-08-31')).toBeNull();
  });
  it('refuses an exchange activity held in the future', () => {
    const id = '6f1c1e0e-3f0a-4c3e-9d62-6f9a3b1c2d4e';
    expect(exchangeActivitySchema.safeParse({ pairingId: id, heldOn: '2099-03-01', title: 'x' }).success).toBe(false);
    expect(exchangeActivitySchema.safeParse({ pairingId: id, heldOn: '2021-03-01', title: 'x' }).success).toBe(true);
  });
});
