import { rate } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import { skilledMemberSql } from '../household/skilled.repository';
import { EMPLOYMENT_RATE_TARGET } from '../enrolment/enrolment.rules';
import { studyingInYearSql } from '../enrolment/enrolment.repository';

export interface VocationalCounts {
  registeredHouseholds: number;
  householdsWithSkilledMember: number;
  vocationalStudents: number;
  graduates: number;
  employed: number;
}

export interface VocationalIndicatorsValue extends VocationalCounts {
  academicYear: number;
  householdsWithoutSkilledMember: number;
  oneHouseholdOneSkillRate: number | null;
  employmentRate: number | null;
  employmentRateTarget: number;
  meetsEmploymentTarget: boolean | null;
  projectionRefreshedAt: Date | null;
  /** As of when the household figures are complete: the projection's last complete catch-up. */
  asOf: Date | null;
}

/** Pure: the rates of the counts (null when nothing is counted), against the 90% employment target. */
export function indicatorsOf(academicYear: number, counts: VocationalCounts, projectionRefreshedAt: Date | null): VocationalIndicatorsValue {
  const employmentRate = rate(counts.employed, counts.graduates);
  return {
    academicYear,
    ...counts,
    householdsWithoutSkilledMember: counts.registeredHouseholds - counts.householdsWithSkilledMember,
    oneHouseholdOneSkillRate: rate(counts.householdsWithSkilledMember, counts.registeredHouseholds),
    employmentRate,
    employmentRateTarget: EMPLOYMENT_RATE_TARGET,
    meetsEmploymentTarget: employmentRate === null ? null : employmentRate >= EMPLOYMENT_RATE_TARGET,
    projectionRefreshedAt,
    asOf: projectionRefreshedAt,
  };
}

/**
 * The counts of one region (the scope of `data`, narrowed to the region) for one academic year,
 * straight from the facts (the definition the roll-up, `vocationalCountsFromRollup`, is tested
 * against), in two statements:
 * - households: registered (not REMOVED) households of the projection inside the region, and
 *   those with a skilled member by the end of the academic year (1户1人);
 * - enrolments of people of the region (`countEnrolments`).
 */
export async function vocationalCounts(data: ScopedData, academicYear: number): Promise<VocationalCounts> {
  const [[households], students] = await Promise.all([
    data.query<{ registered: string; skilled: string }>(
      (region) => `SELECT count(*) AS registered, count(*) FILTER (WHERE skilled) AS skilled
         FROM (SELECT m.household_id, bool_or(${skilledMemberSql('$2::int')}) AS skilled
                 FROM household_member m
                WHERE ${region('m.village_code')} AND NOT m.removed AND m.household_status <> 'REMOVED'
                GROUP BY m.household_id) h`,
      [academicYear],
    ),
    countEnrolments(data, academicYear),
  ]);
  return {
    registeredHouseholds: Number(households?.registered ?? 0),
    householdsWithSkilledMember: Number(households?.skilled ?? 0),
    ...students,
  };
}

export type EnrolmentCounts = Pick<VocationalCounts, 'vocationalStudents' | 'graduates' | 'employed'>;

/**
 * Enrolments of people of the region: students during the year (`studyingInYearSql`, the
 * filter of `vocationalEnrolments(academicYear:)`), graduates of the year, and those of them recorded as employed. Index-only
 * (`vocational_enrolment_region_cover_idx`): a county has a few thousand enrolments.
 */
export async function countEnrolments(data: ScopedData, academicYear: number): Promise<EnrolmentCounts> {
  const [students] = await data.query<{ students: string; graduates: string; employed: string }>(
    (region) => `SELECT count(*) FILTER (WHERE ${studyingInYearSql('e', '$2')}) AS students,
            count(*) FILTER (WHERE e.status = 'GRADUATED' AND e.end_academic_year = $2) AS graduates,
            count(*) FILTER (WHERE e.status = 'GRADUATED' AND e.end_academic_year = $2 AND e.employed IS TRUE) AS employed
       FROM vocational_enrolment e
      WHERE ${region('e.region_code')}`,
    [academicYear],
  );
  return {
    vocationalStudents: Number(students?.students ?? 0),
    graduates: Number(students?.graduates ?? 0),
    employed: Number(students?.employed ?? 0),
  };
}
