import type { EntityManager } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import type { RegionScope } from '@epg/persistence';
import type { Written } from './ledger-writer';

/**
 * Top-ups (差额补发). A recomputation that finds a line already paid (in part or in full) due at a
 * higher amount — an upward amendment, or facts that raise the amount — never rewrites the paid
 * line: the difference becomes a line of its own, linked to it (`top_up_of`), that is approved,
 * publicised (公示) and paid like any other line. Why a separate line: the original keeps the
 * approval, notice and payments it had (the audit trail of what was approved and paid stays
 * true), the difference gets its own approval and notice, and the ledger's totals add up with no
 * special case (original + top-ups = what is due).
 *
 * Runs after the due lines are staged in `desired` and no-longer-due lines are cancelled
 * (cancelUndue also stops the top-ups of a line no longer due). Idempotent: an open top-up that
 * matches the difference is left alone; one that no longer does (still unapproved) is replaced.
 */

/**
 * Paid engine lines of the region ($2) and year ($1) whose due amount is above what is granted:
 * the original's amount plus its top-ups approved or paid (an unapproved top-up is not yet granted).
 */
const shortfalls = (region: RegionScope) => `
  SELECT o.id, d.amount_fen AS due_fen, o.amount_fen + coalesce(g.amount, 0) AS granted_fen,
         d.amount_fen - o.amount_fen - coalesce(g.amount, 0) AS shortfall, d.policy_set_id, d.policy_version
    FROM entitlement o
    JOIN desired d ON d.person_id = o.person_id AND d.rule_code = o.rule_code
    LEFT JOIN LATERAL (SELECT sum(t.amount_fen)::int AS amount FROM entitlement t
                        WHERE t.top_up_of = o.id AND t.status <> 'CANCELLED' AND (t.status <> 'COMPUTED' OR t.paid_fen > 0)) g ON true
   WHERE o.academic_year = $1 AND ${region.predicate('o.region_code', '$2')} AND NOT o.is_top_up AND o.source = 'ENGINE'
     AND o.status IN ('PUBLICISED', 'PAID') AND o.paid_fen > 0 AND o.amount_fen IS NOT NULL AND d.amount_fen IS NOT NULL`;

async function written(manager: EntityManager, sql: string, params: unknown[]): Promise<Written> {
  const [row]: { n: number; codes: RegionCode[] | null }[] = await manager.query(sql, params);
  return { count: row?.n ?? 0, regionCodes: row?.codes ?? [] };
}

/** Cancels unapproved, unpaid top-ups that are no longer the difference due (they are recreated below). */
export function cancelStaleTopUps(manager: EntityManager, region: RegionScope, academicYear: number): Promise<Written> {
  return written(
    manager,
    `WITH s AS (${shortfalls(region)}),
     stale AS (
       UPDATE entitlement t SET status = 'CANCELLED', cancelled_at = now(),
              cancel_reason = 'top-up (差额补发) no longer the difference due at recomputation'
        WHERE t.academic_year = $1 AND ${region.predicate('t.region_code', '$2')} AND t.top_up_of IS NOT NULL
          AND t.status = 'COMPUTED' AND t.paid_fen = 0
          AND NOT EXISTS (SELECT 1 FROM s WHERE s.id = t.top_up_of AND s.shortfall = t.amount_fen)
       RETURNING t.region_code)
     SELECT count(*)::int AS n, array_agg(DISTINCT region_code) AS codes FROM stale`,
    [academicYear, region.likePattern()],
  );
}

/**
 * Creates a top-up of the difference for each paid line due at more than is granted, without an
 * open top-up, and whose top-up was not cancelled by hand.
 */
export function createTopUps(manager: EntityManager, region: RegionScope, academicYear: number, backPay: boolean): Promise<Written> {
  return written(
    manager,
    `WITH s AS (${shortfalls(region)}),
     created AS (
       INSERT INTO entitlement (person_id, enrolment_id, school_id, region_code, academic_year, rule_code, policy_set_id, policy_version,
                                kind, beneficiary, amount_fen, funding, status, back_pay, source, facts, explanation, paid_fen, top_up_of)
       SELECT o.person_id, o.enrolment_id, o.school_id, o.region_code, o.academic_year, o.rule_code, s.policy_set_id, s.policy_version,
              o.kind, o.beneficiary, s.shortfall, o.funding, 'COMPUTED', $3, 'ENGINE',
              jsonb_build_object('topUpOf', o.id, 'policySetId', s.policy_set_id, 'policyVersion', s.policy_version,
                                 'dueFen', s.due_fen, 'grantedFen', s.granted_fen),
              format('差额补发: %s fen more of %s (due %s fen under policy version %s; %s fen granted on entitlement %s)',
                     s.shortfall, o.rule_code, s.due_fen, s.policy_version, s.granted_fen, o.id),
              0, o.id
         FROM s JOIN entitlement o ON o.id = s.id
        WHERE s.shortfall > 0
          AND NOT EXISTS (SELECT 1 FROM entitlement t WHERE t.top_up_of = o.id AND t.status IN ('COMPUTED', 'APPROVED', 'PUBLICISED'))
          -- A top-up cancelled by hand is an officer's decision: not created again.
          AND NOT EXISTS (SELECT 1 FROM entitlement t WHERE t.top_up_of = o.id AND t.cancelled_by IS NOT NULL)
       RETURNING region_code)
     SELECT count(*)::int AS n, array_agg(DISTINCT region_code) AS codes FROM created`,
    [academicYear, region.likePattern(), backPay],
  );
}
