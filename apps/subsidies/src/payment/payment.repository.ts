import { cursorParameters, type ScopedData } from '@epg/persistence';
import type { PageRequest } from '@epg/subgraph-kit';
import type { PaymentEntity } from '../entitlement/entitlement.entities';

/** A payment as the payments list reads it: with its entitlement's rule, year, student and school. */
export interface PaymentRow extends PaymentEntity {
  ruleCode: string;
  academicYear: number;
  personId: string;
  schoolId: string | null;
  personName: string | null;
  idNumberMasked: string | null;
}

export interface PaymentFilter {
  schoolId: string | null;
  academicYear: number | null;
  channel: string | null;
}

/** The columns of a payment row (payment p, entitlement e, person fact f). */
export const PAYMENT_ROW_COLUMNS = `
  p.id, p.idempotency_key AS "idempotencyKey", p.key_region AS "keyRegion", p.entitlement_id AS "entitlementId",
  p.amount_fen AS "amountFen", p.paid_on AS "paidOn", p.channel, p.recorded_by AS "recordedBy",
  p.reversed_at AS "reversedAt", p.reversed_by AS "reversedBy", p.reversal_reason AS "reversalReason",
  e.rule_code AS "ruleCode", e.academic_year AS "academicYear", e.person_id AS "personId", e.school_id AS "schoolId",
  f.name AS "personName", f.id_number_masked AS "idNumberMasked"`;

/** The filter's conditions, numbered from `$first` on, and their parameters. */
function conditions(filter: PaymentFilter, first: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    parts.push(sql.replace('?', `$${first + params.length - 1}`));
  };
  if (filter.schoolId !== null) add('e.school_id = ?::uuid', filter.schoolId);
  if (filter.academicYear !== null) add('e.academic_year = ?', filter.academicYear);
  if (filter.channel !== null) add('p.channel = ?', filter.channel);
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

/**
 * One page of the payments of the scoped data's region (a payment's region is its entitlement's),
 * by date paid and id.
 */
export function findPaymentPage(data: ScopedData, filter: PaymentFilter, page: PageRequest): Promise<PaymentRow[]> {
  const where = conditions(filter, 3);
  const params: unknown[] = [page.first + 1, ...where.params];
  let after = '';
  if (page.after) {
    // Parameters are $2 on ($1 is the scope's): the next two are the cursor's date and id.
    const [paidOn, id] = cursorParameters(page.after, ['date', 'uuid']);
    after = ` AND (p.paid_on, p.id) > ($${params.length + 2}::date, $${params.length + 3}::uuid)`;
    params.push(paidOn, id);
  }
  return data.query<PaymentRow>(
    (region) =>
      `SELECT ${PAYMENT_ROW_COLUMNS}
         FROM payment p JOIN entitlement e ON e.id = p.entitlement_id
         LEFT JOIN person_fact f ON f.person_id = e.person_id
        WHERE ${region('e.region_code')}${where.sql}${after}
        ORDER BY p.paid_on, p.id LIMIT $2`,
    params,
  );
}

export async function countPayments(data: ScopedData, filter: PaymentFilter): Promise<number> {
  const where = conditions(filter, 2);
  const [row] = await data.query<{ n: number }>(
    (region) => `SELECT count(*)::int AS n FROM payment p JOIN entitlement e ON e.id = p.entitlement_id WHERE ${region('e.region_code')}${where.sql}`,
    where.params,
  );
  return row!.n;
}

/**
 * The payments of the scoped data's region that a bank file concerns: those its references name,
 * and those dated within its dates (one statement).
 */
export function findPaymentsForReconciliation(data: ScopedData, references: readonly string[], from: string | null, to: string | null): Promise<PaymentRow[]> {
  return data.query<PaymentRow>(
    (region) =>
      `SELECT ${PAYMENT_ROW_COLUMNS}
         FROM payment p JOIN entitlement e ON e.id = p.entitlement_id
         LEFT JOIN person_fact f ON f.person_id = e.person_id
        WHERE ${region('e.region_code')}
          AND (p.idempotency_key = ANY($2::text[]) OR p.paid_on BETWEEN $3::date AND $4::date)
        ORDER BY p.paid_on, p.id`,
    [references, from ?? '1900-01-01', to ?? '1900-01-01'],
  );
}
