import { governingVersionOn, versionInForce } from './policy-versions';

const at = (day: string) => new Date(`${day}T08:00:00Z`);
const version = (v: number, day: string, extra: Partial<{ regionCode: string; regionPrefix: string; code: string; fromYear: number; toYear: number | null }> = {}) => ({
  version: v,
  createdAt: at(day),
  regionCode: '360323',
  regionPrefix: '360323',
  code: 'A',
  fromYear: 2023,
  toYear: null as number | null,
  ...extra,
});

describe('versionInForce', () => {
  const versions = [version(2, '2025-03-01'), version(1, '2024-01-10'), version(3, '2026-09-01')];

  it('takes the latest version adopted on or before the day', () => {
    expect(versionInForce(versions, '2024-01-10')?.version).toBe(1);
    expect(versionInForce(versions, '2025-02-28')?.version).toBe(1);
    expect(versionInForce(versions, '2025-03-01')?.version).toBe(2);
    expect(versionInForce(versions, '2026-12-06')?.version).toBe(3);
  });

  it('takes the first version for a day before any was recorded', () => {
    expect(versionInForce(versions, '2023-10-01')?.version).toBe(1);
    expect(versionInForce([], '2023-10-01')).toBeNull();
  });
});

describe('governingVersionOn', () => {
  it('picks per set the version in force, then the most specific region covering the year', () => {
    const province = version(1, '2020-01-01', { regionCode: '360000', regionPrefix: '36', code: 'JX', fromYear: 2016 });
    const countyV1 = version(1, '2024-01-10', { fromYear: 2023 });
    const countyV2 = version(2, '2025-03-01', { fromYear: 2025 }); // the amendment narrowed the years
    const all = [province, countyV1, countyV2];
    expect(governingVersionOn(all, '2024-05-01', 2023)).toBe(countyV1);
    // On a day the amendment was in force, the county set no longer covered 2023: the province's governs.
    expect(governingVersionOn(all, '2025-05-01', 2023)).toBe(province);
    expect(governingVersionOn(all, '2019-05-01', 2015)).toBeNull();
  });
});
