import type { DataSource } from 'typeorm';
import type { EntitlementStatus } from '@epg/domain';
import { escapeLike, findByIdsInRegion } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { EntitlementEntity, PaymentEntity } from './entitlement.entities';

const like = (prefix: string) => `${escapeLike(prefix)}%`;

export function findEntitlementsByIds(dataSource: DataSource, ids: readonly string[], prefix: string): Promise<EntitlementEntity[]> {
  return findByIdsInRegion(dataSource, EntitlementEntity, ids, 'regionCode', prefix);
}

/** Entitlements of many students (one statement), oldest year first; `year` null: every year. */
export function findEntitlementsOfPeople(
  dataSource: DataSource,
  keys: readonly { personId: string; year: number | null }[],
  prefix: string,
): Promise<EntitlementEntity[]> {
  return dataSource
    .getRepository(EntitlementEntity)
    .createQueryBuilder('e')
    .where('e.person_id = ANY(:ids::uuid[])', { ids: [...new Set(keys.map((k) => k.personId))] })
    .andWhere('e.region_code LIKE :prefix', { prefix: like(prefix) })
    .orderBy('e.academic_year')
    .addOrderBy('e.rule_code')
    .getMany();
}

export function findPayments(dataSource: DataSource, entitlementIds: readonly string[]): Promise<PaymentEntity[]> {
  return dataSource
    .getRepository(PaymentEntity)
    .createQueryBuilder('p')
    .where('p.entitlement_id = ANY(:ids::uuid[])', { ids: entitlementIds })
    .orderBy('p.paid_on')
    .addOrderBy('p.id')
    .getMany();
}

export interface SchoolTotalsRow {
  schoolId: string;
  academicYear: number;
  students: number;
  entitledFen: number;
  paidFen: number;
}

/** Totals of live entitlements per school and year (one statement per batch). */
export async function findSchoolTotals(dataSource: DataSource, keys: readonly { schoolId: string; year: number }[], prefix: string): Promise<SchoolTotalsRow[]> {
  return dataSource.query(
    `SELECT e.school_id AS "schoolId", e.academic_year AS "academicYear", count(DISTINCT e.person_id)::int AS students,
            coalesce(sum(e.amount_fen), 0)::float8 AS "entitledFen", coalesce(sum(e.paid_fen), 0)::float8 AS "paidFen"
       FROM entitlement e
       JOIN unnest($1::uuid[], $2::int[]) AS k(school_id, year) ON k.school_id = e.school_id AND k.year = e.academic_year
      WHERE e.status <> 'CANCELLED' AND e.region_code LIKE $3
      GROUP BY e.school_id, e.academic_year`,
    [keys.map((k) => k.schoolId), keys.map((k) => k.year), like(prefix)],
  );
}

export interface CoverageGapRow {
  personId: string;
  ruleCode: string;
  academicYear: number;
  entitledFen: number | null;
  paidFen: number;
  reason: 'MISSING' | 'UNAPPROVED' | 'UNDERPAID';
  entitlementId: string | null;
}

const GAPS = `
  SELECT l.person_id AS "personId", l.rule_code AS "ruleCode", l.academic_year AS "academicYear",
         l.amount_fen AS "entitledFen", coalesce(e.paid_fen, 0) AS "paidFen", e.id AS "entitlementId",
         CASE WHEN e.id IS NULL THEN 'MISSING' WHEN e.status = 'COMPUTED' THEN 'UNAPPROVED' ELSE 'UNDERPAID' END AS reason
    FROM eligible_line l
    LEFT JOIN entitlement e ON e.person_id = l.person_id AND e.rule_code = l.rule_code
                           AND e.academic_year = l.academic_year AND e.status <> 'CANCELLED'
   WHERE l.academic_year = $1 AND l.region_code LIKE $2
     AND (e.id IS NULL OR e.status = 'COMPUTED' OR (e.amount_fen IS NOT NULL AND e.paid_fen < e.amount_fen))`;

/** One page of coverage gaps by (student, rule). */
export function findCoverageGaps(dataSource: DataSource, prefix: string, academicYear: number, page: PageRequest): Promise<CoverageGapRow[]> {
  const params: unknown[] = [academicYear, like(prefix), page.first + 1];
  let after = '';
  if (page.after) {
    params.push(String(page.after[0]), String(page.after[1]));
    after = `AND (l.person_id, l.rule_code) > ($4::uuid, $5::text)`;
  }
  return dataSource.query(`${GAPS} ${after} ORDER BY l.person_id, l.rule_code LIMIT $3`, params);
}

export async function countCoverageGaps(dataSource: DataSource, prefix: string, academicYear: number): Promise<number> {
  const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM (${GAPS}) g`, [academicYear, like(prefix)]);
  return row.n;
}

function entitlementFilter(dataSource: DataSource, prefix: string, academicYear: number, status: EntitlementStatus | null) {
  const query = dataSource
    .getRepository(EntitlementEntity)
    .createQueryBuilder('e')
    .where('e.academic_year = :year AND e.region_code LIKE :prefix', { year: academicYear, prefix: like(prefix) });
  if (status) query.andWhere('e.status = :status', { status });
  return query;
}

export function findEntitlementPage(dataSource: DataSource, prefix: string, academicYear: number, status: EntitlementStatus | null, page: PageRequest) {
  const query = entitlementFilter(dataSource, prefix, academicYear, status);
  if (page.after) query.andWhere('(e.person_id, e.rule_code, e.id) > (:p::uuid, :r, :i::uuid)', { p: page.after[0], r: page.after[1], i: page.after[2] });
  return query.orderBy('e.person_id').addOrderBy('e.rule_code').addOrderBy('e.id').limit(page.first + 1).getMany();
}

export function countEntitlements(dataSource: DataSource, prefix: string, academicYear: number, status: EntitlementStatus | null) {
  return entitlementFilter(dataSource, prefix, academicYear, status).getCount();
}

/** Entitled and paid money by funding source (each line split by its shares). */
export function fundingTotals(dataSource: DataSource, prefix: string, academicYear: number): Promise<{ source: string; entitledFen: number; paidFen: number }[]> {
  return dataSource.query(
    `SELECT f.source, round(sum(coalesce(e.amount_fen, 0) * f.percent / 100.0))::float8 AS "entitledFen",
            round(sum(e.paid_fen * f.percent / 100.0))::float8 AS "paidFen"
       FROM entitlement e, jsonb_to_recordset(e.funding) AS f(source text, percent int)
      WHERE e.academic_year = $1 AND e.region_code LIKE $2 AND e.status <> 'CANCELLED'
      GROUP BY f.source ORDER BY f.source`,
    [academicYear, like(prefix)],
  );
}
