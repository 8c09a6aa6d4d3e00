import type { EntitlementEntity } from './entitlement.entities';

/**
 * Why a line takes no payment, or null when it does: only publicised lines are paid; a line
 * stopped (清退, no longer due) takes nothing more — what was paid on it is on the recovery list.
 */
export function paymentRefusal(line: Pick<EntitlementEntity, 'id' | 'ruleCode' | 'academicYear' | 'status' | 'paidFen' | 'cancelReason'>): string | null {
  const what = `entitlement ${line.id} (${line.ruleCode}, ${line.academicYear})`;
  if (line.status === 'CANCELLED') {
    const recovery = line.paidFen > 0 ? `; the ${line.paidFen} fen paid is on the recovery list (应退/追回)` : '';
    return `${what} was stopped (${line.cancelReason ?? 'cancelled'}): no further payment${recovery}`;
  }
  if (line.status !== 'PUBLICISED') return `${what} is ${line.status}: only publicised entitlements are paid`;
  return null;
}
