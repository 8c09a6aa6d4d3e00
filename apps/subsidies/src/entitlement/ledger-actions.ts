import type { EntitlementEntity } from './entitlement.entities';

/**
 * The officer's hand actions on a line, as pure rules: cancelling one with a reason, and recording
 * the delivery of a benefit in kind (实物发放).
 */

type Line = Pick<EntitlementEntity, 'id' | 'ruleCode' | 'academicYear' | 'status' | 'kind' | 'paidFen' | 'cancelReason' | 'deliveredOn'>;

const what = (line: Line) => `entitlement ${line.id} (${line.ruleCode}, ${line.academicYear})`;

/** Why a line cannot be cancelled by hand, or null: a line is cancelled once. */
export function cancelRefusal(line: Line): string | null {
  if (line.status === 'CANCELLED') return `${what(line)} is already cancelled (${line.cancelReason ?? 'no reason recorded'})`;
  return null;
}

/** The reason a hand-cancelled line carries; with money paid, the paid part is to be recovered (应退/追回). */
export function handCancelReason(line: Pick<Line, 'paidFen'>, reason: string): string {
  return line.paidFen > 0 ? `cancelled by hand: ${reason}; the paid part is to be recovered` : `cancelled by hand: ${reason}`;
}

/**
 * Why a delivery of a benefit in kind cannot be recorded on a line, or null: only in-kind lines
 * (a cash or waiver line is paid, not delivered; field `entitlementId`), publicised (公示) and not
 * delivered yet.
 */
export function deliveryRefusal(line: Line): { field: 'entitlementId' | null; message: string } | null {
  if (line.kind !== 'IN_KIND') return { field: 'entitlementId', message: `${what(line)} is a ${line.kind} line: record a payment, not a delivery` };
  if (line.status === 'PAID') return { field: null, message: `${what(line)} was already delivered on ${line.deliveredOn ?? 'an earlier day'}` };
  if (line.status === 'CANCELLED') return { field: null, message: `${what(line)} was cancelled (${line.cancelReason ?? 'cancelled'}): nothing to deliver` };
  if (line.status !== 'PUBLICISED') return { field: null, message: `${what(line)} is ${line.status}: only publicised entitlements are delivered` };
  return null;
}
