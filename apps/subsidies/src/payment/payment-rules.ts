import type { PaymentEntity } from '../entitlement/entitlement.entities';

/**
 * Why a payment cannot be reversed, or null when it can: a payment is reversed once (冲正) —
 * the reversal is the record of the money coming back, and a second one would take it twice.
 */
export function reversalRefusal(payment: Pick<PaymentEntity, 'id' | 'reversedAt' | 'reversalReason'>): string | null {
  if (payment.reversedAt) return `payment ${payment.id} was already reversed (${payment.reversalReason ?? 'no reason recorded'}): a payment is reversed once`;
  return null;
}

/**
 * Where a line stands after one of its payments is reversed: its paid amount drops by the
 * payment; a line that was PAID in full is payable again (PUBLICISED); a stopped line (CANCELLED,
 * 清退) stays stopped, with less to recover; a line still being paid keeps its status.
 */
export function afterReversal<S extends string>(line: { status: S | 'PAID' | 'PUBLICISED'; paidFen: number }, amountFen: number): { paidFen: number; status: S | 'PAID' | 'PUBLICISED' } {
  const paidFen = line.paidFen - amountFen;
  if (paidFen < 0) throw new Error(`a reversal of ${amountFen} fen exceeds the ${line.paidFen} fen paid`);
  return { paidFen, status: line.status === 'PAID' ? 'PUBLICISED' : line.status };
}
