import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { forbidden } from '@epg/auth';
import type { ScopedData } from '@epg/persistence';

/**
 * Inserts one row of a `@RegionScoped` entity (with a generated `id`) and reads it back through
 * the caller's scope: a row that landed outside the scope fails the write (FORBIDDEN), so the
 * envelope rolls it back.
 */
export async function insertInScope<T extends ObjectLiteral & { id: string }>(
  data: ScopedData,
  entity: EntityTarget<T>,
  values: QueryDeepPartialEntity<T>,
): Promise<T> {
  const result = await data.manager.insert(entity, values);
  const id = (result.identifiers[0] as { id: string }).id;
  const row = await data.repository(entity).findById(id);
  if (!row) throw forbidden('the new record lies outside your region scope');
  return row;
}
