import { GraphQLError } from 'graphql';
import { canonicalPrefix, isInside, type RegionCode, type RegionPrefix } from '@epg/domain';
import { hasScope, isReadOnlyRole, type Principal } from './principal';

export function unauthenticated(message = 'a valid token is required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** No token → no data. */
export function requirePrincipal(principal: Principal | null | undefined): Principal {
  if (!principal) throw unauthenticated();
  return principal;
}

/** True when `regionCode` lies in the caller's region subtree. */
export function canSeeRegion(principal: Principal, regionCode: RegionCode): boolean {
  return isInside(regionCode, principal.regionCode);
}

/** Refuses a region outside the caller's subtree. */
export function assertRegionInScope(principal: Principal, regionCode: RegionCode): void {
  if (!canSeeRegion(principal, regionCode)) {
    throw forbidden(`region ${regionCode} is outside your region scope`);
  }
}

/**
 * The code prefix every row of a read must start with: the caller's canonical region prefix.
 * Reads apply it through `RegionScope` (libs/persistence), never by hand.
 */
export function regionScopePrefix(principal: Principal): RegionPrefix {
  return canonicalPrefix(principal.regionCode);
}

export interface WriteRequirement {
  /** A scope the write needs whatever the role (e.g. `subsidy:approve`). */
  scope?: string;
  /** The scope an INTEGRATION token must carry to perform this write (e.g. `import:write`). */
  integrationScope?: string;
}

/** AUDITOR and SERVICE never write; INTEGRATION writes only what its scopes name. */
export function assertCanWrite(principal: Principal, requirement: WriteRequirement = {}): void {
  if (isReadOnlyRole(principal.role)) {
    throw forbidden(`role ${principal.role} is read-only`);
  }
  if (principal.role === 'INTEGRATION') {
    const needed = requirement.integrationScope ?? requirement.scope;
    if (!needed || !hasScope(principal, needed)) {
      throw forbidden(`integration tokens need the scope ${needed ?? '(none granted for this write)'}`);
    }
  }
  if (requirement.scope && !hasScope(principal, requirement.scope)) {
    throw forbidden(`the scope ${requirement.scope} is required`);
  }
}

/** The one school a SCHOOL principal works at; null for every other role. */
export function schoolScope(principal: Principal): string | null {
  return principal.role === 'SCHOOL' ? (principal.schoolId ?? '') : null;
}

/** True when a row of school `schoolId` is visible to the caller (always, except for SCHOOL staff of another school). */
export function withinSchoolScope(principal: Principal, schoolId: string | null | undefined): boolean {
  const own = schoolScope(principal);
  return own === null || (!!schoolId && schoolId === own);
}

/** SCHOOL staff act on their own school only. */
export function assertSchoolInScope(principal: Principal, schoolId: string): void {
  if (!withinSchoolScope(principal, schoolId)) throw forbidden('school staff act on their own school only');
}

/** Region-wide lists and batch jobs are for region roles, not for the staff of one school. */
export function assertNotSchoolStaff(principal: Principal, what: string): void {
  if (principal.role === 'SCHOOL') throw forbidden(`${what} is not available to school staff: read your school through school(id)`);
}

