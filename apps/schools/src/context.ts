import DataLoader from 'dataloader';
import { regionScopePrefix, withinSchoolScope } from '@epg/auth';
import { manyByKey, oneByKey, type BaseContext } from '@epg/subgraph-kit';
import { findSchoolsByIds } from './school/school.repository';
import { countEnrolmentsBySchoolYear, findEnrolmentsByPeople, type SchoolYearCount, type SchoolYearKey } from './enrolment/enrolment.repository';
import {
  findClosedGapIds,
  findGapsBySchools,
  findGapsClosedByProjects,
  findProjectsBySchools,
  findStatusHistories,
} from './facility/facility.repository';
import { findActionsByCases } from './dropout/dropout.repository';

/** Per-request context of the schools service: batched, region-scoped loaders. */
export function createSchoolsContext(base: BaseContext) {
  const { dataSource } = base;
  const scope = regionScopePrefix(base.principal);
  // SCHOOL staff see their own school only: other schools' keys never reach SQL.
  const ownSchools = (ids: readonly string[]) => ids.filter((id) => withinSchoolScope(base.principal, id));
  return {
    ...base,
    loaders: {
      school: oneByKey((ids: readonly string[]) => findSchoolsByIds(dataSource, ownSchools(ids), scope), (s) => s.id),
      enrolmentsOfPerson: manyByKey(
        async (ids: readonly string[]) => (await findEnrolmentsByPeople(dataSource, ids, scope)).filter((e) => withinSchoolScope(base.principal, e.schoolId)),
        (e) => e.personId,
      ),
      schoolYearCounts: new DataLoader<SchoolYearKey, SchoolYearCount, string>(
        async (keys) => {
          const rows = await countEnrolmentsBySchoolYear(dataSource, keys.filter((k) => withinSchoolScope(base.principal, k.schoolId)), scope);
          const byKey = new Map(rows.map((r) => [`${r.schoolId}:${r.academicYear}`, r]));
          return keys.map((k) => byKey.get(`${k.schoolId}:${k.academicYear}`) ?? { ...k, enrolled: 0, boarding: 0 });
        },
        { cacheKeyFn: (k) => `${k.schoolId}:${k.academicYear}` },
      ),
      gapsOfSchool: manyByKey((ids: readonly string[]) => findGapsBySchools(dataSource, ownSchools(ids), scope), (g) => g.schoolId),
      gapClosed: new DataLoader<string, boolean>(async (ids) => {
        const closed = new Set(await findClosedGapIds(dataSource, ids));
        return ids.map((id) => closed.has(id));
      }),
      projectsOfSchool: manyByKey(
        (ids: readonly string[]) => findProjectsBySchools(dataSource, ownSchools(ids), scope),
        (p) => p.schoolId ?? '',
      ),
      projectHistory: manyByKey((ids: readonly string[]) => findStatusHistories(dataSource, ids), (c) => c.projectId),
      gapsClosedByProject: manyByKey((ids: readonly string[]) => findGapsClosedByProjects(dataSource, ids), (g) => g.projectId),
      caseActions: manyByKey((ids: readonly string[]) => findActionsByCases(dataSource, ids), (a) => a.caseId),
    },
  };
}

export type SchoolsContext = ReturnType<typeof createSchoolsContext>;
