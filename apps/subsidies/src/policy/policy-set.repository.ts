import type { DataSource } from 'typeorm';
import { PolicySetEntity } from './policy-set.entity';

/**
 * The set governing `regionCode` in `academicYear`: its prefix is the longest one the region
 * starts with, and its years cover the academic year (one statement).
 */
export function findGoverningPolicySet(
  dataSource: DataSource,
  regionCode: string,
  academicYear: number,
): Promise<PolicySetEntity | null> {
  return dataSource
    .getRepository(PolicySetEntity)
    .createQueryBuilder('s')
    .where(':region LIKE s.region_prefix || \'%\'', { region: regionCode })
    .andWhere('s.from_year <= :year AND (s.to_year IS NULL OR s.to_year >= :year)', { year: academicYear })
    .orderBy('length(s.region_prefix)', 'DESC')
    .addOrderBy('s.from_year', 'DESC')
    .getOne();
}
