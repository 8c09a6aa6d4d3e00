import DataLoader from 'dataloader';
import { withinSchoolScope } from '@epg/auth';
import { manyByKey, oneByKey, uuidKeys, type BaseContext } from '@epg/subgraph-kit';
import { findAllRates } from './allowance/allowance.repository';
import type { AllowanceRateEntity } from './allowance/allowance-rate.entity';
import { findTeachersByIds, findTeachersBySchools, findPostingsOfTeachers } from './teacher/teacher.repository';
import { findTrainingsOfTeachers } from './training/training.repository';
import {
  findActivitiesOfPairings,
  findMentorPairsOfTeachers,
  findRotationsOfTeachers,
  rotationCounts,
  type RotationCountRow,
} from './exchange/exchange.repository';
import { findAllocationsOfUnits, findHousingUnitsOfSchools } from './housing/housing.repository';
import { SchoolHardshipEntity } from './school/school-hardship.entity';

/** Per-request context of the teachers service: batched loaders, every one reading through the caller's scoped data. */
export function createTeachersContext(base: BaseContext) {
  const { data } = base;
  let rates: Promise<AllowanceRateEntity[]> | undefined;
  // SCHOOL staff see their own school's teachers only.
  const ownSchools = (ids: readonly string[]) => uuidKeys(ids).filter((id) => withinSchoolScope(base.principal, id));
  return {
    ...base,
    /** Every allowance rate, read once per request (policy, not region-owned rows: see AllowanceRateEntity). */
    allowanceRates: () => (rates ??= findAllRates(data.manager)),
    loaders: {
      teacher: oneByKey(
        async (ids: readonly string[]) => (await findTeachersByIds(data, ids)).filter((t) => withinSchoolScope(base.principal, t.schoolId)),
        (t) => t.id,
      ),
      teachersOfSchool: manyByKey((schoolIds: readonly string[]) => findTeachersBySchools(data, ownSchools(schoolIds)), (t) => t.schoolId),
      postingsOfTeacher: manyByKey((ids: readonly string[]) => findPostingsOfTeachers(data, ids), (p) => p.teacherId),
      trainingsOfTeacher: manyByKey((ids: readonly string[]) => findTrainingsOfTeachers(data, ids), (r) => r.teacherId),
      rotationsOfTeacher: manyByKey((ids: readonly string[]) => findRotationsOfTeachers(data, ids), (r) => r.teacherId),
      mentorPairsOfTeacher: manyByKey((ids: readonly string[]) => findMentorPairsOfTeachers(data, ids), (pair) => pair.teacherId),
      activitiesOfPairing: manyByKey((ids: readonly string[]) => findActivitiesOfPairings(data, ids), (a) => a.pairingId),
      housingUnitsOfSchool: manyByKey((schoolIds: readonly string[]) => findHousingUnitsOfSchools(data, ownSchools(schoolIds)), (u) => u.schoolId),
      /** (school, year) → active teachers and teachers rotated out that year, one statement per batch. */
      rotationCounts: new DataLoader<{ schoolId: string; year: number }, RotationCountRow, string>(
        async (keys) => {
          const rows = await rotationCounts(data, keys);
          const byKey = new Map(rows.map((r) => [`${r.schoolId}:${r.year}`, r]));
          return keys.map((k) => byKey.get(`${k.schoolId}:${k.year}`) ?? { ...k, teachers: 0, rotated: 0 });
        },
        { cacheKeyFn: (k) => `${k.schoolId}:${k.year}` },
      ),
      /** A school's rural flag and tier (the school's record, inside the caller's scope). */
      schoolHardship: oneByKey(
        (ids: readonly string[]) => data.repository(SchoolHardshipEntity).query('h').andWhere('h.school_id = ANY(:ids::uuid[])', { ids: uuidKeys(ids) }).getMany(),
        (h) => h.schoolId,
      ),
      allocationsOfUnit: manyByKey((ids: readonly string[]) => findAllocationsOfUnits(data, ids), (a) => a.unitId),
    },
  };
}

export type TeachersContext = ReturnType<typeof createTeachersContext>;
