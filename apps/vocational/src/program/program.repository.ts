import type { DataSource } from 'typeorm';
import { findByIdsInRegion } from '@epg/persistence';
import { VocationalProgramEntity } from './program.entity';

/** Programmes by id, limited to those inside `regionPrefix` (one statement per batch). */
export function findProgramsByIds(
  dataSource: DataSource,
  ids: readonly string[],
  regionPrefix: string,
): Promise<VocationalProgramEntity[]> {
  return findByIdsInRegion(dataSource, VocationalProgramEntity, ids, 'regionCode', regionPrefix);
}
