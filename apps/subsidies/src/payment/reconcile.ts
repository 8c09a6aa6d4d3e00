import type { BankRow } from './bank-file';

/**
 * Bank reconciliation (对账): each bank transfer against the region's payments by reference (the
 * payment's idempotency key). A read-only report: nothing is stored or changed.
 */

/** A payment as reconciliation needs it. */
export interface LedgerPayment {
  id: string;
  reference: string;
  amountFen: number;
  paidOn: string;
  reversed: boolean;
}

/** A bank row and what it was found to be: the payment it names, or why it matches none. */
export interface ReconciledRow<P extends LedgerPayment> extends BankRow {
  payment: P | null;
  reason: string | null;
}

export interface Reconciliation<P extends LedgerPayment> {
  /** The file's first and last dates (null for a file without rows). */
  from: string | null;
  to: string | null;
  /** Rows naming a standing payment of the same amount. */
  matched: ReconciledRow<P>[];
  /** Rows naming a standing payment of another amount. */
  mismatched: ReconciledRow<P>[];
  /** Rows naming no standing payment of the region (none with that reference, or it was reversed). */
  unmatched: ReconciledRow<P>[];
  /** Standing payments dated within the file's dates that no row names (the bank has no transfer for them). */
  withoutBankRow: P[];
}

/** Reconciles a bank file's rows with the payments of the region (those the rows name and those in the file's dates). */
export function reconcile<P extends LedgerPayment>(rows: readonly BankRow[], payments: readonly P[]): Reconciliation<P> {
  const byReference = new Map<string, P[]>();
  for (const p of payments) byReference.set(p.reference, [...(byReference.get(p.reference) ?? []), p]);
  const result: Reconciliation<P> = { from: null, to: null, matched: [], mismatched: [], unmatched: [], withoutBankRow: [] };
  for (const row of rows) {
    if (result.from === null || row.date < result.from) result.from = row.date;
    if (result.to === null || row.date > result.to) result.to = row.date;
    const named = byReference.get(row.reference) ?? [];
    const standing = named.filter((p) => !p.reversed);
    const same = standing.find((p) => p.amountFen === row.amountFen);
    if (same) {
      result.matched.push({ ...row, payment: same, reason: null });
    } else if (standing.length > 0) {
      const payment = standing[0]!;
      result.mismatched.push({ ...row, payment, reason: `the bank paid ${row.amountFen} fen, the ledger records ${payment.amountFen} fen` });
    } else if (named.length > 0) {
      result.unmatched.push({ ...row, payment: named[0]!, reason: 'the payment of this reference was reversed (冲正)' });
    } else {
      result.unmatched.push({ ...row, payment: null, reason: 'no payment of the region has this reference' });
    }
  }
  const inFile = new Set(rows.map((r) => r.reference));
  if (result.from !== null && result.to !== null) {
    const { from, to } = result;
    result.withoutBankRow = payments.filter((p) => !p.reversed && !inFile.has(p.reference) && p.paidOn >= from && p.paidOn <= to);
  }
  return result;
}
