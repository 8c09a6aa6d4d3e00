import type { DataSource } from 'typeorm';
import { PolicySetEntity } from '../policy/policy-set.entity';

/**
 * The policy-set versions in force for an academic year, most specific prefix first (for batch
 * resolution with `governingSetOf`). Of each set (region and code) the version that governs the
 * year is the latest whose effective year (生效学年; null: the set's first year) is not after it:
 * an amendment effective from a later year leaves the computation of earlier years at the amounts
 * before it, instead of rewriting them. The version must cover the year.
 */
export function findSetsInForce(dataSource: DataSource, academicYear: number): Promise<PolicySetEntity[]> {
  return dataSource
    .getRepository(PolicySetEntity)
    .createQueryBuilder('s')
    .where(
      `s.id IN (SELECT DISTINCT ON (v.region_code, v.code) v.id FROM policy_set v
                 WHERE coalesce(v.effective_from_year, v.from_year) <= :year
                 ORDER BY v.region_code, v.code, v.version DESC)`,
      { year: academicYear },
    )
    .andWhere('s.from_year <= :year AND (s.to_year IS NULL OR s.to_year >= :year)', { year: academicYear })
    .orderBy('length(s.region_prefix)', 'DESC')
    .addOrderBy('s.from_year', 'DESC')
    .getMany();
}
