import type { EntityManager } from 'typeorm';
import { academicYearStart } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import { regionsAbove } from './region.access';
import type { RegionEntity } from './region.entity';
import { VillagePovertyFactEntity } from './village-facts.entity';

/**
 * Regions the caller may see that match `where` (its params numbered from $3), by code: the
 * scope's subtree (the scope's predicate) and the regions above it (their names only).
 */
function visibleRegions(data: ScopedData, where: string, params: unknown[]): Promise<RegionEntity[]> {
  return data.query<RegionEntity>(
    (region) => `SELECT r.code, r.name, r.level, r.parent_code AS "parentCode"
       FROM region r
      WHERE (${region('r.code')} OR r.code = ANY($2::text[])) AND ${where}
      ORDER BY r.code`,
    [regionsAbove(data.scope), ...params],
  );
}

/** Regions by code (one statement); codes the caller may not see are absent. */
export function findRegionsByCodes(data: ScopedData, codes: readonly string[]): Promise<RegionEntity[]> {
  return visibleRegions(data, 'r.code = ANY($3::text[])', [codes]);
}

/** The visible children of many regions (one statement), by code. */
export function findChildren(data: ScopedData, parentCodes: readonly string[]): Promise<RegionEntity[]> {
  return visibleRegions(data, 'r.parent_code = ANY($3::text[])', [parentCodes]);
}

/** The poor-village facts of many villages inside the scope (one statement), oldest year first. */
export function findVillageFacts(data: ScopedData, villageCodes: readonly string[]): Promise<VillagePovertyFactEntity[]> {
  return data
    .repository(VillagePovertyFactEntity)
    .query('f')
    .andWhere('f.village_code = ANY(:codes::text[])', { codes: [...villageCodes] })
    .orderBy('f.village_code')
    .addOrderBy('f.year')
    .getMany();
}

export async function upsertVillageFacts(manager: EntityManager, facts: Omit<VillagePovertyFactEntity, 'incidencePercent'> & { incidencePercent: number }) {
  await manager
    .createQueryBuilder()
    .insert()
    .into(VillagePovertyFactEntity)
    .values({ ...facts, incidencePercent: String(facts.incidencePercent) })
    .orUpdate(['incidence_percent', 'income_per_capita_fen', 'has_collective_income'], ['village_code', 'year'])
    .execute();
}

export interface HouseholdStatsRow {
  registered: number;
  identified: number;
  exited: number;
  relapsed: number;
  removed: number;
  people: number;
  schoolAgeChildren: number;
}

/**
 * Counts of households and people inside the scope of `data` (one statement), straight from the
 * facts: the definition the roll-ups (`household-stats.repository.ts`) are tested against. School
 * age is 6–15 on 1 September of the academic year: born after 1 Sept (year − 16) and on or before
 * 1 Sept (year − 6).
 */
export async function countHouseholds(data: ScopedData, academicYear: number): Promise<HouseholdStatsRow> {
  const start = academicYearStart(academicYear);
  const [row] = await data.query<HouseholdStatsRow>(
    (region) => `WITH h AS (SELECT id, status FROM household WHERE ${region('village_code')})
     SELECT
       count(*) FILTER (WHERE status <> 'REMOVED')::int AS registered,
       count(*) FILTER (WHERE status = 'IDENTIFIED')::int AS identified,
       count(*) FILTER (WHERE status = 'EXITED')::int AS exited,
       count(*) FILTER (WHERE status = 'RELAPSED')::int AS relapsed,
       count(*) FILTER (WHERE status = 'REMOVED')::int AS removed,
       (SELECT count(*)::int FROM person p WHERE ${region('p.village_code')} AND p.live) AS people,
       (SELECT count(*)::int FROM person p WHERE ${region('p.village_code')} AND p.live
          AND p.birth_date > ($2::date - interval '16 years') AND p.birth_date <= ($2::date - interval '6 years')) AS "schoolAgeChildren"
     FROM h`,
    [start],
  );
  return row!;
}
