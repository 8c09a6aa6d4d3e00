import { canSeeRegion, withinSchoolScope, type Principal, type WriteRequirement } from '@epg/auth';
import type { RegionCode } from '@epg/domain';

/** Approving entitlements and publishing the notice (审核). */
export const SUBSIDY_APPROVE = 'subsidy:approve';
/** Recording a payment (支付): separate from approving, so no one officer both approves and pays by default. */
export const SUBSIDY_PAY = 'subsidy:pay';
/** A department system recording payments (e.g. the bank's 一卡通 feed). */
export const PAYMENT_WRITE = 'payment:write';

/**
 * What recording a payment requires: an officer holds `subsidy:pay` (approving, `subsidy:approve`,
 * is not enough); a department system (INTEGRATION) holds `payment:write`, the scope it has always
 * paid with. The write envelope applies the requirement (AUDITOR and SERVICE never write).
 */
export function paymentRequirement(principal: Pick<Principal, 'role'>): WriteRequirement {
  return principal.role === 'INTEGRATION' ? { integrationScope: PAYMENT_WRITE } : { scope: SUBSIDY_PAY };
}

/**
 * Whether a duplicate answer may name an existing row: only when the caller could read it (inside
 * its region, and its own school for SCHOOL staff). Otherwise the answer says that the row exists
 * elsewhere and nothing about it (no id, department, status or region).
 */
export function mayNameRow(principal: Principal, row: { regionCode: RegionCode; schoolId: string | null }): boolean {
  return canSeeRegion(principal, row.regionCode) && withinSchoolScope(principal, row.schoolId);
}
