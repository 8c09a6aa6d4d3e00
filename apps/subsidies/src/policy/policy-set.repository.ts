import type { DataSource, EntityManager } from 'typeorm';
import { prefixContains, type RegionCode, type RegionPrefix } from '@epg/domain';
import { PolicySetEntity } from './policy-set.entity';

/**
 * The set governing `regionCode` in `academicYear`: the current version whose prefix is the
 * longest one the region starts with and whose years cover the academic year (one statement).
 * Policy sets are read unscoped: the set of an enclosing region (the province's, for a county)
 * governs, so the caller's region scope is checked on the requested region, not on the set.
 */
export function findGoverningPolicySet(
  dataSource: DataSource,
  regionCode: RegionCode,
  academicYear: number,
): Promise<PolicySetEntity | null> {
  return dataSource
    .getRepository(PolicySetEntity)
    .createQueryBuilder('s')
    // Domain matching, not a scope predicate: the region against each set's stored prefix.
    .where(":region LIKE s.region_prefix || '%'", { region: regionCode })
    .andWhere('s.superseded_at IS NULL')
    .andWhere('s.from_year <= :year AND (s.to_year IS NULL OR s.to_year >= :year)', { year: academicYear })
    .orderBy('length(s.region_prefix)', 'DESC')
    .addOrderBy('s.from_year', 'DESC')
    .getOne();
}

/** Every current set covering `academicYear`, most specific prefix first (for batch resolution). */
export function findSetsCoveringYear(dataSource: DataSource, academicYear: number): Promise<PolicySetEntity[]> {
  return dataSource
    .getRepository(PolicySetEntity)
    .createQueryBuilder('s')
    .where('s.superseded_at IS NULL')
    .andWhere('s.from_year <= :year AND (s.to_year IS NULL OR s.to_year >= :year)', { year: academicYear })
    .orderBy('length(s.region_prefix)', 'DESC')
    .addOrderBy('s.from_year', 'DESC')
    .getMany();
}

/** The set among `sets` (most specific first) that governs a school in `regionCode`. */
export function governingSetOf<T extends { regionPrefix: RegionPrefix }>(sets: readonly T[], regionCode: RegionCode): T | null {
  return sets.find((s) => prefixContains(s.regionPrefix, regionCode)) ?? null;
}

/**
 * The current version of a region's set, locked for the amendment. Codes are per region: the
 * lookup names the region (inside the caller's scope), so it never finds another region's set.
 */
export function findCurrentVersion(manager: EntityManager, regionCode: RegionCode, code: string): Promise<PolicySetEntity | null> {
  return manager
    .getRepository(PolicySetEntity)
    .createQueryBuilder('s')
    .setLock('pessimistic_write')
    .where('s.region_code = :regionCode AND s.code = :code AND s.superseded_at IS NULL', { regionCode, code })
    .getOne();
}

/**
 * The current sets of a region and of the regions above it (for the level and overlap rules),
 * after taking the policy administration lock: concurrent adoptions are checked one after the
 * other, so two overlapping sets cannot both pass. Domain matching of stored prefixes.
 */
export async function lockSetsAround(manager: EntityManager, regionCode: RegionCode): Promise<PolicySetEntity[]> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('subsidies.policy_set'))`);
  return manager
    .getRepository(PolicySetEntity)
    .createQueryBuilder('s')
    .where(":region LIKE s.region_prefix || '%'", { region: regionCode })
    .andWhere('s.superseded_at IS NULL')
    .getMany();
}
