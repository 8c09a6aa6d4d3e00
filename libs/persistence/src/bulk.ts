import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Multi-row INSERTs of at most `chunkSize` rows each (PostgreSQL allows 65,535 bind
 * parameters per statement): a constant number of statements per thousand rows.
 */
export async function insertInChunks<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly object[],
  options: { chunkSize?: number; skipExisting?: boolean } = {},
): Promise<void> {
  const chunkSize = options.chunkSize ?? 1000;
  for (let i = 0; i < rows.length; i += chunkSize) {
    const insert = manager
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + chunkSize) as never);
    // ON CONFLICT DO NOTHING: replaying a seed changes nothing.
    if (options.skipExisting) insert.orIgnore();
    await insert.execute();
  }
}
