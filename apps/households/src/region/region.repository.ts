import { In, type DataSource, type EntityManager } from 'typeorm';
import { academicYearStart } from '@epg/domain';
import { escapeLike } from '@epg/persistence';
import { RegionEntity } from './region.entity';
import { VillagePovertyFactEntity } from './village-facts.entity';

export function findRegionsByCodes(dataSource: DataSource, codes: readonly string[]): Promise<RegionEntity[]> {
  return dataSource.getRepository(RegionEntity).findBy({ code: In([...codes]) });
}

/** The children of many regions (one statement), by code. */
export function findChildren(dataSource: DataSource, parentCodes: readonly string[]): Promise<RegionEntity[]> {
  return dataSource.getRepository(RegionEntity).find({ where: { parentCode: In([...parentCodes]) }, order: { code: 'ASC' } });
}

/** The poor-village facts of many villages (one statement), oldest year first. */
export function findVillageFacts(dataSource: DataSource, villageCodes: readonly string[]): Promise<VillagePovertyFactEntity[]> {
  return dataSource
    .getRepository(VillagePovertyFactEntity)
    .find({ where: { villageCode: In([...villageCodes]) }, order: { villageCode: 'ASC', year: 'ASC' } });
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
 * Counts of households and people inside a code prefix (one statement), straight from the facts:
 * the definition the roll-ups (`household-stats.repository.ts`) are tested against. School age is 6–15 on
 * 1 September of the academic year: born after 1 Sept (year − 16) and on or before 1 Sept (year − 6).
 */
export async function countHouseholds(dataSource: DataSource, prefix: string, academicYear: number): Promise<HouseholdStatsRow> {
  const start = academicYearStart(academicYear);
  const [row] = await dataSource.query(
    `WITH h AS (SELECT id, status FROM household WHERE village_code LIKE $1)
     SELECT
       count(*) FILTER (WHERE status <> 'REMOVED')::int AS registered,
       count(*) FILTER (WHERE status = 'IDENTIFIED')::int AS identified,
       count(*) FILTER (WHERE status = 'EXITED')::int AS exited,
       count(*) FILTER (WHERE status = 'RELAPSED')::int AS relapsed,
       count(*) FILTER (WHERE status = 'REMOVED')::int AS removed,
       (SELECT count(*)::int FROM person p WHERE p.village_code LIKE $1 AND p.live) AS people,
       (SELECT count(*)::int FROM person p WHERE p.village_code LIKE $1 AND p.live
          AND p.birth_date > ($2::date - interval '16 years') AND p.birth_date <= ($2::date - interval '6 years')) AS "schoolAgeChildren"
     FROM h`,
    [`${escapeLike(prefix)}%`, start],
  );
  return row as HouseholdStatsRow;
}
