import { assertRegionInScope, reportPrefix } from '@epg/auth';
import type { RegionCode } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import type { BaseContext } from '@epg/subgraph-kit';
import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The caller's data narrowed to region `code`, for a region-wide list: FORBIDDEN unless the region
 * lies inside the caller's scope (a region above the scope is refused too, as these lists always did).
 */
export function regionData(ctx: BaseContext, code: RegionCode): ScopedData {
  assertRegionInScope(ctx.principal, code);
  return ctx.data.narrowTo(code);
}

/**
 * The caller's data narrowed to region `code`, for a region report: null unless the caller sees the
 * whole region (outside the scope, or above it — a partial figure must not pass for the whole region).
 */
export function reportData(ctx: BaseContext, code: RegionCode): ScopedData | null {
  if (reportPrefix(ctx.principal, code) === null) return null;
  return ctx.data.narrowTo(code);
}

/**
 * Rows without a region of their own (or read as part of their owner: a teacher's postings,
 * trainings, rotations and mentor pairs, a pairing's activities, a unit's allocations), limited to
 * those whose owner lies inside the scope: `EXISTS (an owner row of the scope that owns(owner) ties
 * to this row)`. The owner's region decides, as it decides who sees the owner.
 * Add further conditions with `andWhere` (a `where` would drop the scope).
 */
export function ownedRows<T extends ObjectLiteral, O extends ObjectLiteral>(
  data: ScopedData,
  entity: EntityTarget<T>,
  alias: string,
  owner: EntityTarget<O>,
  owns: (ownerAlias: string) => string,
): SelectQueryBuilder<T> {
  const owners = data.repository(owner).query('scope_owner').select('1').andWhere(owns('scope_owner'));
  return data.manager
    .getRepository(entity)
    .createQueryBuilder(alias)
    .where(`EXISTS (${owners.getQuery()})`)
    .setParameters(owners.getParameters());
}
