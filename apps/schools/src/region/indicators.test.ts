import { parseRegionCode } from '@epg/domain';
import { indicatorRates, pickTargets } from './indicators';
import type { EducationTargetEntity } from './education-target.entity';

const row = (regionCode: string, indicator: string, fromYear: number, target: number) =>
  ({ regionCode, indicator, fromYear, target, source: null }) as EducationTargetEntity;

describe('indicator targets are data per region', () => {
  const rows = [
    row('360000', 'COMPULSORY_RETENTION', 2016, 0.95),
    row('360323', 'COMPULSORY_RETENTION', 2016, 0.98),
    row('360323', 'PRESCHOOL_ENROLMENT', 2020, 0.75),
    row('431022', 'PRESCHOOL_ENROLMENT', 2016, 0.78),
  ];

  it('takes the most specific region containing the requested one', () => {
    const targets = pickTargets(rows, parseRegionCode('360323101'), 2023);
    expect(targets.get('COMPULSORY_RETENTION')).toBe(0.98);
    expect(targets.get('PRESCHOOL_ENROLMENT')).toBe(0.75);
    expect(pickTargets(rows, parseRegionCode('360102'), 2023).get('COMPULSORY_RETENTION')).toBe(0.95);
  });

  it('ignores targets adopted after the year and other regions', () => {
    expect(pickTargets(rows, parseRegionCode('360323'), 2019).get('PRESCHOOL_ENROLMENT')).toBeUndefined();
    expect(pickTargets(rows, parseRegionCode('420102'), 2023).size).toBe(0);
  });
});

describe('indicator rates', () => {
  it('divides numerators by denominators and answers null for an empty denominator', () => {
    const rates = indicatorRates({
      preschoolChildren: 4,
      preschoolEnrolled: 3,
      compulsoryChildren: 0,
      compulsoryEnrolled: 0,
      compulsoryRetentionBase: 8,
      compulsoryRetained: 6,
      seniorAgeChildren: 5,
      seniorEnrolled: 2,
      openDropoutCases: 1,
    });
    expect(rates).toEqual({ preschoolEnrolmentRate: 0.75, compulsoryEnrolmentRate: null, compulsoryRetentionRate: 0.75, seniorEnrolmentRate: 0.4 });
  });
});
