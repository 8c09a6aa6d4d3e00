import type { DataSource } from 'typeorm';
import { findByIdsInRegion } from '@epg/persistence';
import { SchoolEntity } from './school.entity';

/** Schools by id, limited to those inside `regionPrefix` (one statement per batch). */
export function findSchoolsByIds(dataSource: DataSource, ids: readonly string[], regionPrefix: string): Promise<SchoolEntity[]> {
  return findByIdsInRegion(dataSource, SchoolEntity, ids, 'regionCode', regionPrefix);
}
