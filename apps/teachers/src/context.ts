import { regionScopePrefix } from '@epg/auth';
import { manyByKey, oneByKey, uuidKeys, type BaseContext } from '@epg/subgraph-kit';
import { findTeachersByIds, findTeachersBySchools } from './teacher/teacher.repository';

/** Per-request context of the teachers service: batched, region-scoped loaders. */
export function createTeachersContext(base: BaseContext) {
  const { dataSource } = base;
  const scope = regionScopePrefix(base.principal);
  return {
    ...base,
    loaders: {
      teacher: oneByKey((ids: readonly string[]) => findTeachersByIds(dataSource, ids, scope), (t) => t.id),
      teachersOfSchool: manyByKey(
        (schoolIds: readonly string[]) => findTeachersBySchools(dataSource, uuidKeys(schoolIds), scope),
        (t) => t.schoolId,
      ),
    },
  };
}

export type TeachersContext = ReturnType<typeof createTeachersContext>;
