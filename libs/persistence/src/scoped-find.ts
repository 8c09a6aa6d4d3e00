import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Rows by id, limited to those whose region column starts with `regionPrefix`
 * (one statement per batch: `id = ANY($1) AND <region> LIKE $2`). Keys that are not
 * UUIDs never reach SQL.
 */
export function findByIdsInRegion<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  ids: readonly string[],
  regionProperty: keyof T & string,
  regionPrefix: string,
): Promise<T[]> {
  const keys = ids.filter(isUuid);
  if (keys.length === 0) return Promise.resolve([]);
  const alias = 'row';
  const regionColumn = dataSource.getMetadata(entity).findColumnWithPropertyName(regionProperty);
  if (!regionColumn) throw new Error(`no column for property ${regionProperty}`);
  return dataSource
    .getRepository(entity)
    .createQueryBuilder(alias)
    .where(`${alias}.id = ANY(:ids::uuid[])`, { ids: keys })
    .andWhere(`${alias}.${regionColumn.databaseName} LIKE :prefix`, { prefix: `${escapeLike(regionPrefix)}%` })
    .getMany();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entity ids are UUIDs; anything else can never match a row. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
