import type { ScopedData } from '@epg/persistence';
import type { IndicatorCounts } from './indicators';

/** Ages on 1 September of the academic year, as birth cohorts (aged a in year Y ⇔ cohort Y − a). */
const AGE_BANDS = { preschool: [3, 5], compulsory: [6, 15], senior: [15, 17] } as const;

/**
 * `countIndicators` from the roll-ups (migration `region-rollups`) in one statement: children by
 * birth cohort, the year's enrolment sums and the open dropout cases, for the villages inside
 * the scope (a region's report: `data` narrowed to it; the scope's pattern is `$1`). Equal to
 * `countIndicators`, the direct count the tests compare with.
 */
export async function countIndicatorsFromRollup(data: ScopedData, academicYear: number): Promise<IndicatorCounts> {
  const cohorts = (band: readonly [number, number]) => [academicYear - band[1], academicYear - band[0]];
  const [row] = await data.query<Record<string, string>>(
    (region) => `WITH children AS (
       SELECT coalesce(sum(children) FILTER (WHERE birth_cohort BETWEEN $3 AND $4), 0) AS preschool_children,
              coalesce(sum(children) FILTER (WHERE birth_cohort BETWEEN $5 AND $6), 0) AS compulsory_children,
              coalesce(sum(children) FILTER (WHERE birth_cohort BETWEEN $7 AND $8), 0) AS senior_children
         FROM child_cohort_rollup WHERE ${region('village_code')}),
     enrolled AS (
       SELECT coalesce(sum(preschool_enrolled), 0) AS preschool_enrolled, coalesce(sum(compulsory_enrolled), 0) AS compulsory_enrolled,
              coalesce(sum(retention_base), 0) AS retention_base, coalesce(sum(retained), 0) AS retained,
              coalesce(sum(senior_enrolled), 0) AS senior_enrolled
         FROM enrolment_indicator_rollup WHERE academic_year = $2 AND ${region('village_code')})
     SELECT children.*, enrolled.*,
            (SELECT count(*) FROM dropout_case d WHERE d.academic_year = $2 AND ${region('d.region_code')} AND d.status <> 'CLOSED') AS open_cases
       FROM children, enrolled`,
    [academicYear, ...cohorts(AGE_BANDS.preschool), ...cohorts(AGE_BANDS.compulsory), ...cohorts(AGE_BANDS.senior)],
  );
  return indicatorCountsOf(row);
}

/** The counts row both count queries (facts, roll-ups) answer with, by its column names. */
export function indicatorCountsOf(row: Record<string, string> | undefined): IndicatorCounts {
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    preschoolChildren: n('preschool_children'),
    preschoolEnrolled: n('preschool_enrolled'),
    compulsoryChildren: n('compulsory_children'),
    compulsoryEnrolled: n('compulsory_enrolled'),
    compulsoryRetentionBase: n('retention_base'),
    compulsoryRetained: n('retained'),
    seniorAgeChildren: n('senior_children'),
    seniorEnrolled: n('senior_enrolled'),
    openDropoutCases: n('open_cases'),
  };
}
