import { regionScopePrefix } from '@epg/auth';
import { oneByKey, type BaseContext } from '@epg/subgraph-kit';
import { findSchoolsByIds } from './school/school.repository';

/** Per-request context of the schools service: batched, region-scoped loaders. */
export function createSchoolsContext(base: BaseContext) {
  const { dataSource } = base;
  const scope = regionScopePrefix(base.principal);
  return {
    ...base,
    loaders: {
      school: oneByKey((ids: readonly string[]) => findSchoolsByIds(dataSource, ids, scope), (s) => s.id),
    },
  };
}

export type SchoolsContext = ReturnType<typeof createSchoolsContext>;
