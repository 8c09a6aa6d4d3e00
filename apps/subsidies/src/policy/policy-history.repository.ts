import type { DataSource } from 'typeorm';
import { canonicalPrefix, type RegionCode } from '@epg/domain';
import { cursorParameters } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { PolicySetEntity } from './policy-set.entity';

/**
 * Policy set versions, read like the governing-set lookups (policy-set.repository.ts): unscoped
 * domain matching of stored prefixes, the caller's scope checked on the region asked about.
 */

/** The sets (region, code) concerning `region`: of it or inside it, or of a region enclosing it. */
const concerning = `(s.region_prefix LIKE $1 || '%' OR $2 LIKE s.region_prefix || '%')`;

export interface SetKey {
  regionCode: RegionCode;
  code: string;
}

/** One page of sets concerning a region, by (region, code). */
export function findSetKeyPage(dataSource: DataSource, region: RegionCode, page: PageRequest): Promise<SetKey[]> {
  const params: unknown[] = [canonicalPrefix(region), region, page.first + 1];
  let after = '';
  if (page.after) {
    params.push(...cursorParameters(page.after, ['text', 'text']));
    after = `AND (s.region_code, s.code) > ($4, $5)`;
  }
  return dataSource.query(
    `SELECT DISTINCT s.region_code AS "regionCode", s.code FROM policy_set s
      WHERE ${concerning} ${after} ORDER BY s.region_code, s.code LIMIT $3`,
    params,
  );
}

export async function countSets(dataSource: DataSource, region: RegionCode): Promise<number> {
  const [row] = await dataSource.query(`SELECT count(DISTINCT (s.region_code, s.code))::int AS n FROM policy_set s WHERE ${concerning}`, [canonicalPrefix(region), region]);
  return row.n;
}

/** Every version of the named sets, oldest first (one statement for a page). */
export function findVersionsOf(dataSource: DataSource, keys: readonly SetKey[]): Promise<PolicySetEntity[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return dataSource
    .getRepository(PolicySetEntity)
    .createQueryBuilder('s')
    .where('(s.region_code, s.code) IN (SELECT * FROM unnest(:regions::text[], :codes::text[]))', { regions: keys.map((k) => k.regionCode), codes: keys.map((k) => k.code) })
    .orderBy('s.region_code')
    .addOrderBy('s.code')
    .addOrderBy('s.version')
    .getMany();
}

export function findVersion(dataSource: DataSource, regionCode: RegionCode, code: string, version: number): Promise<PolicySetEntity | null> {
  return dataSource.getRepository(PolicySetEntity).findOneBy({ regionCode, code, version });
}

/** Every version of every set whose region contains `regionCode` (the candidates to govern it). */
export function findVersionsAround(dataSource: DataSource, regionCode: RegionCode): Promise<PolicySetEntity[]> {
  return dataSource
    .getRepository(PolicySetEntity)
    .createQueryBuilder('s')
    .where(":region LIKE s.region_prefix || '%'", { region: regionCode })
    .orderBy('s.version')
    .getMany();
}
