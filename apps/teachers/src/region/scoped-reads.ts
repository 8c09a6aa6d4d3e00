import type { ScopedData } from '@epg/persistence';
import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

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
