import { cursorParameters, type RegionPredicate, type ScopedData } from '@epg/persistence';
import type { Connection, PageRequest } from '@epg/subgraph-kit';
import { skilledMemberSql } from './skilled.repository';

/** A registered household none of whose members is skilled (1户1人 缺口). */
export interface HouseholdWithoutSkilledMemberRow {
  householdId: string;
  villageCode: string;
  memberCount: number;
  workingAgeMembers: number;
}

/** What householdsWithoutSkilledMember returns: totalCount is counted only when asked for. */
export type HouseholdWithoutSkilledMemberConnectionModel = Connection<HouseholdWithoutSkilledMemberRow>;

/** Working age (劳动年龄) on the day of the list: 16 to 59. */
export const WORKING_AGE = { from: 16, to: 59 } as const;

/**
 * Registered (not REMOVED) households of the scope (by their members' village in the
 * projection) where no member is skilled today — the rule of `skilledMemberSql`, as
 * `Household.hasSkilledMember` answers it. The scope owns `$1`; `$2` is today.
 */
function gapSql(region: RegionPredicate, select: string, tail: string): string {
  return `
    SELECT ${select}
      FROM (SELECT m.household_id, min(m.village_code) AS village_code, count(*)::int AS member_count,
                   count(*) FILTER (WHERE m.birth_date <= ($2::date - make_interval(years => ${WORKING_AGE.from}))::date
                                      AND m.birth_date > ($2::date - make_interval(years => ${WORKING_AGE.to + 1}))::date)::int AS working_age,
                   bool_or(${skilledMemberSql()}) AS skilled
              FROM household_member m
             WHERE ${region('m.village_code')} AND NOT m.removed AND m.household_status <> 'REMOVED'
             GROUP BY m.household_id) h
     WHERE NOT h.skilled ${tail}`;
}

/** One page of the households without a skilled member, by household id (first + 1 rows). */
export async function findSkillGapPage(data: ScopedData, today: string, page: PageRequest): Promise<HouseholdWithoutSkilledMemberRow[]> {
  const params: unknown[] = [today, page.first + 1];
  let after = '';
  if (page.after) {
    params.push(...cursorParameters(page.after, ['uuid']));
    after = 'AND h.household_id > $4::uuid';
  }
  const rows = await data.query<{ household_id: string; village_code: string; member_count: number; working_age: number }>(
    (region) => gapSql(region, 'h.household_id, h.village_code, h.member_count, h.working_age', `${after} ORDER BY h.household_id LIMIT $3`),
    params,
  );
  return rows.map((r) => ({ householdId: r.household_id, villageCode: r.village_code, memberCount: r.member_count, workingAgeMembers: r.working_age }));
}

export async function countSkillGaps(data: ScopedData, today: string): Promise<number> {
  const [row] = await data.query<{ n: number }>((region) => gapSql(region, 'count(*)::int AS n', ''), [today]);
  return row?.n ?? 0;
}
