import { z } from 'zod';
import { badUserInput, parseInput } from '@epg/subgraph-kit';
import type { SubsidiesContext } from '../context';
import { regionData } from '../entitlement/list-data';
import { parseBankFile } from './bank-file';
import { findPaymentsForReconciliation, type PaymentRow } from './payment.repository';
import { reconcile } from './reconcile';

/** Payments without a bank row listed in one answer (all are counted). */
const LISTED_WITHOUT_BANK_ROW = 1000;

const csvSchema = z.string().min(1, 'the bank file is empty').max(5_000_000, 'at most 5 MB');

/**
 * Reconciles a bank file with the payments of a region inside the caller's scope (read-only):
 * the file is parsed first (BAD_USER_INPUT naming row and column), then the payments it names or
 * dates are read through the caller's scoped data and matched by reference.
 */
export async function reconcileSubsidyPayments(ctx: SubsidiesContext, args: { regionCode: string; csv: string }) {
  const data = regionData(ctx, args.regionCode);
  const csv = parseInput(csvSchema, args.csv, 'csv');
  const file = parseBankFile(csv);
  if (!file.ok) {
    const { row, column, message } = file.issue;
    const where = `csv row ${row}, column ${column}`;
    throw badUserInput(`${where}: ${message}`, [{ path: 'csv', message: `${where}: ${message}` }]);
  }
  const dates = file.rows.map((r) => r.date).sort();
  const payments = await findPaymentsForReconciliation(data, file.rows.map((r) => r.reference), dates[0] ?? null, dates.at(-1) ?? null);
  const result = reconcile(
    file.rows,
    payments.map((p) => Object.assign(p, { reference: p.idempotencyKey, reversed: p.reversedAt != null })),
  );
  return {
    ...result,
    paymentsWithoutBankRow: result.withoutBankRow.slice(0, LISTED_WITHOUT_BANK_ROW) as PaymentRow[],
    paymentsWithoutBankRowCount: result.withoutBankRow.length,
  };
}
