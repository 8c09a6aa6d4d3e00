import DataLoader from 'dataloader';
import { withinSchoolScope } from '@epg/auth';
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
import { findTransitionsByEnrolments } from './enrolment/enrolment-transitions.repository';

/** Per-request context of the schools service: batched loaders reading through the caller's scoped data. */
export function createSchoolsContext(base: BaseContext) {
  const { data } = base;
  // SCHOOL staff see their own school only: other schools' keys never reach SQL.
  const ownSchools = (ids: readonly string[]) => ids.filter((id) => withinSchoolScope(base.principal, id));
  return {
    ...base,
    loaders: {
      school: oneByKey((ids: readonly string[]) => findSchoolsByIds(data, ownSchools(ids)), (s) => s.id),
      enrolmentsOfPerson: manyByKey(
        async (ids: readonly string[]) => (await findEnrolmentsByPeople(data, ids)).filter((e) => withinSchoolScope(base.principal, e.schoolId)),
        (e) => e.personId,
      ),
      schoolYearCounts: new DataLoader<SchoolYearKey, SchoolYearCount, string>(
        async (keys) => {
          const rows = await countEnrolmentsBySchoolYear(data, keys.filter((k) => withinSchoolScope(base.principal, k.schoolId)));
          const byKey = new Map(rows.map((r) => [`${r.schoolId}:${r.academicYear}`, r]));
          return keys.map((k) => byKey.get(`${k.schoolId}:${k.academicYear}`) ?? { ...k, enrolled: 0, boarding: 0 });
        },
        { cacheKeyFn: (k) => `${k.schoolId}:${k.academicYear}` },
      ),
      transitionsOfEnrolment: manyByKey((ids: readonly string[]) => findTransitionsByEnrolments(data, ids), (t) => t.enrolmentId),
      gapsOfSchool: manyByKey((ids: readonly string[]) => findGapsBySchools(data, ownSchools(ids)), (g) => g.schoolId),
      gapClosed: new DataLoader<string, boolean>(async (ids) => {
        const closed = new Set(await findClosedGapIds(data, ids));
        return ids.map((id) => closed.has(id));
      }),
      projectsOfSchool: manyByKey((ids: readonly string[]) => findProjectsBySchools(data, ownSchools(ids)), (p) => p.schoolId ?? ''),
      projectHistory: manyByKey((ids: readonly string[]) => findStatusHistories(data, ids), (c) => c.projectId),
      gapsClosedByProject: manyByKey((ids: readonly string[]) => findGapsClosedByProjects(data, ids), (g) => g.projectId),
      caseActions: manyByKey((ids: readonly string[]) => findActionsByCases(data, ids), (a) => a.caseId),
    },
  };
}

export type SchoolsContext = ReturnType<typeof createSchoolsContext>;
