import type { DataSource, EntityManager } from 'typeorm';
import { escapeLike, findByIdsInRegion, isUuid } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { VocationalEnrolmentEntity } from './enrolment.entity';

const like = (prefix: string) => `${escapeLike(prefix)}%`;

export function findEnrolmentsByIds(dataSource: DataSource, ids: readonly string[], regionPrefix: string): Promise<VocationalEnrolmentEntity[]> {
  return findByIdsInRegion(dataSource, VocationalEnrolmentEntity, ids, 'regionCode', regionPrefix);
}

/** Enrolments of many people inside `regionPrefix` (one statement), latest start first. */
export function findEnrolmentsOfPeople(
  dataSource: DataSource,
  personIds: readonly string[],
  regionPrefix: string,
): Promise<VocationalEnrolmentEntity[]> {
  const keys = personIds.filter(isUuid);
  if (keys.length === 0) return Promise.resolve([]);
  return dataSource
    .getRepository(VocationalEnrolmentEntity)
    .createQueryBuilder('e')
    .where('e.person_id = ANY(:ids::uuid[])', { ids: keys })
    .andWhere('e.region_code LIKE :prefix', { prefix: like(regionPrefix) })
    .orderBy('e.start_year', 'DESC')
    .addOrderBy('e.created_at', 'DESC')
    .getMany();
}

/** An enrolment inside `regionPrefix`, locked for the rest of the transaction. */
export function lockEnrolment(manager: EntityManager, id: string, regionPrefix: string): Promise<VocationalEnrolmentEntity | null> {
  if (!isUuid(id)) return Promise.resolve(null);
  return manager
    .getRepository(VocationalEnrolmentEntity)
    .createQueryBuilder('e')
    .setLock('pessimistic_write')
    .where('e.id = :id', { id })
    .andWhere('e.region_code LIKE :prefix', { prefix: like(regionPrefix) })
    .getOne();
}

/** The person's live (ENROLLED) vocational enrolment, if any, whatever its region. */
export function findLiveEnrolment(manager: EntityManager, personId: string): Promise<VocationalEnrolmentEntity | null> {
  return manager.getRepository(VocationalEnrolmentEntity).findOne({ where: { personId, status: 'ENROLLED' } });
}

/** A 两后生 candidate not yet enrolled in vocational education, from the flag table and the projection. */
export interface NonContinuingGraduateRow {
  personId: string;
  householdId: string | null;
  regionCode: string;
  year: number;
  flaggedAt: Date;
}

interface RawCandidate {
  person_id: string;
  household_id: string;
  village_code: string;
  year: number;
  flagged_at: Date;
}

/**
 * People flagged 两后生 inside `regionPrefix` whose household is registered (projection, not
 * REMOVED), aged `ageFrom`–`ageTo` on `onDate`, with no ENROLLED or GRADUATED vocational
 * enrolment: a page by person id (LIMIT first + 1) or the count.
 */
function twoAfterSql(select: string, tail: string) {
  return `
    SELECT ${select}
      FROM non_continuing_graduate f
      JOIN household_member m ON m.person_id = f.person_id
     WHERE m.village_code LIKE $1 AND NOT m.removed AND m.household_status <> 'REMOVED'
       AND m.birth_date <= ($2::date - make_interval(years => $3::int))::date
       AND m.birth_date > ($2::date - make_interval(years => $4::int + 1))::date
       AND NOT EXISTS (SELECT 1 FROM vocational_enrolment e
                        WHERE e.person_id = f.person_id AND e.status IN ('ENROLLED', 'GRADUATED'))
       ${tail}`;
}

export interface TwoAfterFilter {
  regionPrefix: string;
  onDate: string;
  ageFrom: number;
  ageTo: number;
}

export async function findTwoAfterPage(dataSource: DataSource, filter: TwoAfterFilter, page: PageRequest): Promise<NonContinuingGraduateRow[]> {
  const params: unknown[] = [like(filter.regionPrefix), filter.onDate, filter.ageFrom, filter.ageTo, page.first + 1];
  let after = '';
  if (page.after) {
    params.push(String(page.after[0]));
    after = 'AND f.person_id > $6::uuid';
  }
  const rows: RawCandidate[] = await dataSource.query(
    twoAfterSql('f.person_id, m.household_id, m.village_code, f.year, f.flagged_at', `${after} ORDER BY f.person_id LIMIT $5`),
    params,
  );
  return rows.map((r) => ({ personId: r.person_id, householdId: r.household_id, regionCode: r.village_code, year: r.year, flaggedAt: r.flagged_at }));
}

export async function countTwoAfter(dataSource: DataSource, filter: TwoAfterFilter): Promise<number> {
  const rows: { n: string }[] = await dataSource.query(twoAfterSql('count(*) AS n', ''), [
    like(filter.regionPrefix),
    filter.onDate,
    filter.ageFrom,
    filter.ageTo,
  ]);
  return Number(rows[0]?.n ?? 0);
}
