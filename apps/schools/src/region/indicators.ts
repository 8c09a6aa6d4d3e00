import type { DataSource } from 'typeorm';
import type { ScopedData } from '@epg/persistence';
import { canonicalPrefix, isInside, rate, type RegionCode } from '@epg/domain';
import { EducationTargetEntity } from './education-target.entity';
import { projectionRefreshedAt } from '../dropout/projection.service';
import { countIndicatorsFromRollup, indicatorCountsOf } from './indicator-counts.repository';

export const TARGET_INDICATORS = ['PRESCHOOL_ENROLMENT', 'COMPULSORY_ENROLMENT', 'COMPULSORY_RETENTION', 'SENIOR_ENROLMENT'] as const;
export type TargetIndicator = (typeof TARGET_INDICATORS)[number];

export interface IndicatorCounts {
  preschoolChildren: number;
  preschoolEnrolled: number;
  compulsoryChildren: number;
  compulsoryEnrolled: number;
  compulsoryRetentionBase: number;
  compulsoryRetained: number;
  seniorAgeChildren: number;
  seniorEnrolled: number;
  openDropoutCases: number;
}

export interface EducationIndicatorsValue extends IndicatorCounts {
  academicYear: number;
  preschoolEnrolmentRate: number | null;
  compulsoryEnrolmentRate: number | null;
  compulsoryRetentionRate: number | null;
  seniorEnrolmentRate: number | null;
  targets: {
    preschoolEnrolmentRate: number | null;
    compulsoryEnrolmentRate: number | null;
    compulsoryRetentionRate: number | null;
    seniorEnrolmentRate: number | null;
  };
  projectionRefreshedAt: Date | null;
  /** As of when the figures are complete: the projection's last complete catch-up. */
  asOf: Date | null;
}

/** The rates from the counts (null where nothing is counted). */
export function indicatorRates(c: IndicatorCounts) {
  return {
    preschoolEnrolmentRate: rate(c.preschoolEnrolled, c.preschoolChildren),
    compulsoryEnrolmentRate: rate(c.compulsoryEnrolled, c.compulsoryChildren),
    compulsoryRetentionRate: rate(c.compulsoryRetained, c.compulsoryRetentionBase),
    seniorEnrolmentRate: rate(c.seniorEnrolled, c.seniorAgeChildren),
  };
}

/**
 * The targets that apply to `regionCode` in `academicYear`: per indicator, the row of the most
 * specific region containing it, latest `fromYear` not after the year.
 */
export function pickTargets(rows: readonly EducationTargetEntity[], regionCode: RegionCode, academicYear: number): Map<string, number> {
  const best = new Map<string, EducationTargetEntity>();
  for (const row of rows) {
    if (row.fromYear > academicYear || !isInside(regionCode, row.regionCode)) continue;
    const seen = best.get(row.indicator);
    if (
      !seen ||
      canonicalPrefix(row.regionCode).length > canonicalPrefix(seen.regionCode).length ||
      (row.regionCode === seen.regionCode && row.fromYear > seen.fromYear)
    ) {
      best.set(row.indicator, row);
    }
  }
  return new Map([...best].map(([k, v]) => [k, v.target]));
}

/**
 * Counts over registered children (the projection of the households feed) inside the scope
 * (`$1`), not removed and not of a REMOVED household; ages on 1 September of the academic year.
 * Straight from the facts: the definition the roll-ups (`countIndicatorsFromRollup`) are tested against.
 */
export async function countIndicators(data: ScopedData, academicYear: number): Promise<IndicatorCounts> {
  const [row] = await data.query<Record<string, string>>(
    (region) => `WITH child AS (
       SELECT c.person_id, date_part('year', age(make_date($2::int, 9, 1), c.birth_date))::int AS age
         FROM registered_child c
        WHERE ${region('c.village_code')} AND NOT c.removed AND c.household_status <> 'REMOVED'),
     facts AS (
       SELECT ch.age,
              EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = ch.person_id AND e.academic_year = $2::int
                         AND e.status = 'ENROLLED') AS enrolled,
              EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = ch.person_id AND e.academic_year = $2::int
                         AND e.status = 'ENROLLED' AND e.stage = 'PRESCHOOL') AS preschool,
              EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = ch.person_id AND e.academic_year = $2::int
                         AND e.status = 'ENROLLED' AND e.stage IN ('SENIOR', 'SECONDARY_VOCATIONAL')) AS senior,
              (EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = ch.person_id AND e.academic_year = $2::int - 1
                          AND e.stage IN ('PRIMARY', 'JUNIOR'))
               AND NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = ch.person_id AND e.academic_year = $2::int - 1
                          AND e.status = 'GRADUATED')) AS retention_base
         FROM child ch)
     SELECT count(*) FILTER (WHERE age BETWEEN 3 AND 5) AS preschool_children,
            count(*) FILTER (WHERE age BETWEEN 3 AND 5 AND preschool) AS preschool_enrolled,
            count(*) FILTER (WHERE age BETWEEN 6 AND 15) AS compulsory_children,
            count(*) FILTER (WHERE age BETWEEN 6 AND 15 AND enrolled) AS compulsory_enrolled,
            count(*) FILTER (WHERE retention_base) AS retention_base,
            count(*) FILTER (WHERE retention_base AND enrolled) AS retained,
            count(*) FILTER (WHERE age BETWEEN 15 AND 17) AS senior_children,
            count(*) FILTER (WHERE age BETWEEN 15 AND 17 AND senior) AS senior_enrolled,
            (SELECT count(*) FROM dropout_case d WHERE d.academic_year = $2::int AND ${region('d.region_code')} AND d.status <> 'CLOSED') AS open_cases
       FROM facts`,
    [academicYear],
  );
  return indicatorCountsOf(row);
}

/**
 * The indicators of region `regionCode`, counted inside `data` (the caller's scope narrowed to
 * that region). Targets are read unscoped: those of the regions above apply too.
 */
export async function educationIndicators(
  deps: { data: ScopedData; dataSource: DataSource },
  regionCode: RegionCode,
  academicYear: number,
): Promise<EducationIndicatorsValue> {
  const [counts, targetRows, refreshedAt] = await Promise.all([
    countIndicatorsFromRollup(deps.data, academicYear),
    deps.data.manager.getRepository(EducationTargetEntity).find(),
    projectionRefreshedAt(deps.dataSource, regionCode),
  ]);
  const targets = pickTargets(targetRows, regionCode, academicYear);
  return {
    academicYear,
    ...counts,
    ...indicatorRates(counts),
    targets: {
      preschoolEnrolmentRate: targets.get('PRESCHOOL_ENROLMENT') ?? null,
      compulsoryEnrolmentRate: targets.get('COMPULSORY_ENROLMENT') ?? null,
      compulsoryRetentionRate: targets.get('COMPULSORY_RETENTION') ?? null,
      seniorEnrolmentRate: targets.get('SENIOR_ENROLMENT') ?? null,
    },
    projectionRefreshedAt: refreshedAt,
    asOf: refreshedAt,
  };
}
