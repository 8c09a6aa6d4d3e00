import { isUuid, type ScopedData } from '@epg/persistence';
import { VOCATIONAL_STAGES } from './skilled.rules';

/**
 * SQL for "member `m` is skilled" (1户1人), the rule of skilled.rules.ts: an ENROLLED or
 * GRADUATED vocational enrolment, a latest secondary- or higher-vocational 学籍 that is ENROLLED or
 * GRADUATED (the `school_record` projection of the schools ledger; `inVocationalEducation`), a training followed by employment, or
 * a practical-technique certificate. Like an enrolment's status, the 学籍 term takes where the person
 * stands now (their latest vocational record) and `$year` only when they started. The roll-up (`refresh_household_skill`, migration
 * skilled-school-records) states the same rule. `$year` (optional) limits it to facts existing by the end of that academic year.
 * The facts are the person's wherever they were recorded; the caller's scope applies to the
 * members (`m.village_code`) of the statement this is placed in.
 */
export function skilledMemberSql(yearParam?: string): string {
  const enrolledBy = yearParam ? `AND e.start_year <= ${yearParam}` : '';
  const trainedBy = yearParam ? `AND t.completed_on < make_date(${yearParam} + 1, 9, 1)` : '';
  const recordedBy = yearParam ? `AND r.academic_year <= ${yearParam}` : '';
  const stages = VOCATIONAL_STAGES.map((s) => `'${s}'`).join(', ');
  return `(EXISTS (SELECT 1 FROM vocational_enrolment e
                    WHERE e.person_id = m.person_id AND e.status IN ('ENROLLED', 'GRADUATED') ${enrolledBy})
           OR (EXISTS (SELECT 1 FROM school_record r
                        WHERE r.person_id = m.person_id AND r.stage IN (${stages}) ${recordedBy})
               AND coalesce((SELECT l.status FROM school_record l
                              WHERE l.person_id = m.person_id AND l.stage IN (${stages})
                              ORDER BY l.academic_year DESC, l.changed_at DESC LIMIT 1) IN ('ENROLLED', 'GRADUATED'), false))
           OR EXISTS (SELECT 1 FROM skills_training t
                       WHERE t.person_id = m.person_id ${trainedBy}
                         AND (t.employed_after IS TRUE OR (t.kind = 'PRACTICAL_TECHNIQUE' AND t.certificate IS NOT NULL))))`;
}

export interface HouseholdSkill {
  householdId: string;
  /** Null when the household was REMOVED from the register. */
  skilled: boolean | null;
}

/**
 * Whether each household (members from the projection, inside the scope) has a skilled member:
 * one statement per batch. Households unknown to the projection are left out; REMOVED ones come
 * back with `skilled: null`.
 */
export async function findHouseholdSkills(data: ScopedData, householdIds: readonly string[]): Promise<HouseholdSkill[]> {
  const keys = householdIds.filter(isUuid);
  if (keys.length === 0) return [];
  const rows = await data.query<{ household_id: string; live: boolean; skilled: boolean }>(
    (region) => `SELECT m.household_id, bool_or(NOT m.removed AND m.household_status <> 'REMOVED') AS live,
            bool_or(${skilledMemberSql()}) AS skilled
       FROM household_member m
      WHERE m.household_id = ANY($2::uuid[]) AND ${region('m.village_code')}
      GROUP BY m.household_id`,
    [keys],
  );
  return rows.map((r) => ({ householdId: r.household_id, skilled: r.live ? r.skilled : null }));
}
