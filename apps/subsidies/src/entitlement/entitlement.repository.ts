import { fenFromBigint, type EntitlementStatus, type FenText } from '@epg/domain';
import { cursorParameters, isUuid, keysetPage, type RegionPredicate, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import { EntitlementEntity, PaymentEntity } from './entitlement.entities';

/**
 * The entitlement reads of one request, all through the caller's scoped data access (or a region
 * narrowed from it): no statement here names a region pattern of its own.
 */

export function findEntitlementsByIds(data: ScopedData, ids: readonly string[]): Promise<EntitlementEntity[]> {
  return data.repository(EntitlementEntity).findByIds(ids);
}

/** Entitlements of many students (one statement), oldest year first. */
export function findEntitlementsOfPeople(data: ScopedData, personIds: readonly string[]): Promise<EntitlementEntity[]> {
  const ids = [...new Set(personIds.filter(isUuid))];
  if (ids.length === 0) return Promise.resolve([]);
  return data
    .repository(EntitlementEntity)
    .query('e')
    .andWhere('e.person_id = ANY(:ids::uuid[])', { ids })
    .orderBy('e.academic_year')
    .addOrderBy('e.rule_code')
    .getMany();
}

/** Top-ups (差额补发) of lines inside the scope. */
export function findTopUps(data: ScopedData, entitlementIds: readonly string[]): Promise<EntitlementEntity[]> {
  const ids = [...new Set(entitlementIds.filter(isUuid))];
  if (ids.length === 0) return Promise.resolve([]);
  return data.repository(EntitlementEntity).query('e').andWhere('e.top_up_of = ANY(:ids::uuid[])', { ids }).orderBy('e.id').getMany();
}

/** Payments of entitlements inside the scope (a payment's region is its entitlement's). */
export function findPayments(data: ScopedData, entitlementIds: readonly string[]): Promise<PaymentEntity[]> {
  const ids = entitlementIds.filter(isUuid);
  if (ids.length === 0) return Promise.resolve([]);
  return data
    .owned(PaymentEntity, 'p', EntitlementEntity, (e) => `${e}.id = p.entitlement_id`)
    .andWhere('p.entitlement_id = ANY(:ids::uuid[])', { ids })
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

/** Totals of live entitlements per school and year (one statement per batch), summed in bigint. */
export async function findSchoolTotals(data: ScopedData, keys: readonly { schoolId: string; year: number }[]): Promise<SchoolTotalsRow[]> {
  const rows = await data.query<Omit<SchoolTotalsRow, 'entitledFen' | 'paidFen'> & { entitledFen: FenText; paidFen: FenText }>(
    (region) =>
      `SELECT e.school_id AS "schoolId", e.academic_year AS "academicYear", count(DISTINCT e.person_id)::int AS students,
              coalesce(sum(e.amount_fen), 0)::bigint AS "entitledFen", coalesce(sum(e.paid_fen), 0)::bigint AS "paidFen"
         FROM entitlement e
         JOIN unnest($2::uuid[], $3::int[]) AS k(school_id, year) ON k.school_id = e.school_id AND k.year = e.academic_year
        WHERE e.status <> 'CANCELLED' AND ${region('e.region_code')}
        GROUP BY e.school_id, e.academic_year`,
    [keys.map((k) => k.schoolId), keys.map((k) => k.year)],
  );
  return rows.map((r) => ({ ...r, entitledFen: fenFromBigint(r.entitledFen), paidFen: fenFromBigint(r.paidFen) }));
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

/**
 * The gaps of a year ($2) in the region of the scoped data ($1). What was paid is measured against
 * the eligible amount (the engine's, at the last computation), not the line's own: a department
 * line of 1 fen, paid, does not cover a rule that pays 1,250 yuan. A line's top-ups (差额补发)
 * count with it: paid on them is paid on the line, and an unapproved top-up is UNAPPROVED (the
 * shortfall is payable once it is approved and publicised), not a dead UNDERPAID of a PAID line.
 */
const gaps = (region: RegionPredicate) => `
  SELECT l.person_id AS "personId", l.rule_code AS "ruleCode", l.academic_year AS "academicYear",
         l.amount_fen AS "entitledFen", coalesce(e.paid_fen, 0) + coalesce(t.paid, 0) AS "paidFen", e.id AS "entitlementId",
         CASE WHEN e.id IS NULL THEN 'MISSING' WHEN e.status = 'COMPUTED' OR t.unapproved THEN 'UNAPPROVED' ELSE 'UNDERPAID' END AS reason
    FROM eligible_line l
    LEFT JOIN entitlement e ON e.person_id = l.person_id AND e.rule_code = l.rule_code
                           AND e.academic_year = l.academic_year AND e.status <> 'CANCELLED' AND NOT e.is_top_up
    LEFT JOIN LATERAL (SELECT sum(u.paid_fen)::int AS paid, sum(u.amount_fen)::int AS amount, bool_or(u.status = 'COMPUTED') AS unapproved
                         FROM entitlement u WHERE u.top_up_of = e.id AND u.status <> 'CANCELLED') t ON true
   WHERE l.academic_year = $2 AND ${region('l.region_code')}
     AND (e.id IS NULL OR e.status = 'COMPUTED' OR t.unapproved
          OR (e.amount_fen IS NOT NULL AND e.paid_fen + coalesce(t.paid, 0) < e.amount_fen + coalesce(t.amount, 0))
          OR (l.amount_fen IS NOT NULL AND e.paid_fen + coalesce(t.paid, 0) < l.amount_fen))`;

/** One page of coverage gaps by (student, rule). */
export function findCoverageGaps(data: ScopedData, academicYear: number, page: PageRequest): Promise<CoverageGapRow[]> {
  const params: unknown[] = [academicYear, page.first + 1];
  let after = '';
  if (page.after) {
    params.push(...cursorParameters(page.after, ['uuid', 'text']));
    after = `AND (l.person_id, l.rule_code) > ($4::uuid, $5::text)`;
  }
  return data.query<CoverageGapRow>((region) => `${gaps(region)} ${after} ORDER BY l.person_id, l.rule_code LIMIT $3`, params);
}

export async function countCoverageGaps(data: ScopedData, academicYear: number): Promise<number> {
  const [row] = await data.query<{ n: number }>((region) => `SELECT count(*)::int AS n FROM (${gaps(region)}) g`, [academicYear]);
  return row!.n;
}

function entitlementFilter(data: ScopedData, academicYear: number, status: EntitlementStatus | null) {
  const query = data.repository(EntitlementEntity).query('e').andWhere('e.academic_year = :year', { year: academicYear });
  if (status) query.andWhere('e.status = :status', { status });
  return query;
}

/** Keyset order of the entitlement list (its cursor: person, rule, id). */
const ENTITLEMENT_KEYS = [{ expression: 'e.person_id', cast: 'uuid' }, { expression: 'e.rule_code' }, { expression: 'e.id', cast: 'uuid' }];

export function findEntitlementPage(data: ScopedData, academicYear: number, status: EntitlementStatus | null, page: PageRequest) {
  return keysetPage(entitlementFilter(data, academicYear, status), page, ENTITLEMENT_KEYS);
}

export function countEntitlements(data: ScopedData, academicYear: number, status: EntitlementStatus | null) {
  return entitlementFilter(data, academicYear, status).getCount();
}

/** Stopped lines with money paid on them (应退/追回) of a year: cancelled, paid more than 0. */
function recoveryFilter(data: ScopedData, academicYear: number) {
  return data
    .repository(EntitlementEntity)
    .query('e')
    .andWhere('e.academic_year = :year', { year: academicYear })
    .andWhere(`e.status = 'CANCELLED' AND e.paid_fen > 0`);
}

export function findRecoveryPage(data: ScopedData, academicYear: number, page: PageRequest) {
  return keysetPage(recoveryFilter(data, academicYear), page, ENTITLEMENT_KEYS);
}

export function countRecoveries(data: ScopedData, academicYear: number) {
  return recoveryFilter(data, academicYear).getCount();
}

/**
 * Entitled and paid money by funding source (each line split by its shares), in exact numeric
 * arithmetic: a line is widened to bigint before it is multiplied by its percent (int × int
 * overflows int4 above 21.47 million fen), and the sum comes back as bigint text.
 */
export async function fundingTotals(data: ScopedData, academicYear: number): Promise<{ source: string; entitledFen: number; paidFen: number }[]> {
  const rows = await data.query<{ source: string; entitledFen: FenText; paidFen: FenText }>(
    (region) =>
      `SELECT f.source, round(sum(coalesce(e.amount_fen, 0)::bigint * f.percent / 100.0))::bigint AS "entitledFen",
              round(sum(e.paid_fen::bigint * f.percent / 100.0))::bigint AS "paidFen"
         FROM entitlement e, jsonb_to_recordset(e.funding) AS f(source text, percent int)
        WHERE e.academic_year = $2 AND ${region('e.region_code')} AND e.status <> 'CANCELLED'
        GROUP BY f.source ORDER BY f.source`,
    [academicYear],
  );
  return rows.map((r) => ({ source: r.source, entitledFen: fenFromBigint(r.entitledFen), paidFen: fenFromBigint(r.paidFen) }));
}
