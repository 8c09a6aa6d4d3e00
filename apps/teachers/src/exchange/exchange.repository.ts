import type { RegionCode } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import { TeacherEntity } from '../teacher/teacher.entity';
import {
  ExchangeActivityEntity,
  MentorPairEntity,
  SchoolPairingEntity,
  SupportTeachingQuotaEntity,
  TeacherRotationEntity,
} from './exchange.entities';

/**
 * Rotations of many teachers inside the scope, oldest first (one statement per batch). They follow
 * the teacher: whoever sees the teacher sees every rotation, also those sent from another region.
 */
export function findRotationsOfTeachers(data: ScopedData, teacherIds: readonly string[]): Promise<TeacherRotationEntity[]> {
  return data.owned(TeacherRotationEntity, 'r', TeacherEntity, (t) => `${t}.id = r.teacher_id`)
    .andWhere('r.teacher_id = ANY(:ids::uuid[])', { ids: teacherIds })
    .orderBy('r.start_date')
    .addOrderBy('r.id')
    .getMany();
}

/**
 * Mentor pairs of many teachers inside the scope, each listed under both its mentor and its mentee
 * (one statement per batch): a pair shows under a teacher the caller sees, whichever side it is on.
 */
export async function findMentorPairsOfTeachers(
  data: ScopedData,
  teacherIds: readonly string[],
): Promise<{ teacherId: string; pair: MentorPairEntity }[]> {
  const pairs = await data.owned(MentorPairEntity,
    'm',
    TeacherEntity,
    (t) => `${t}.id IN (m.mentor_id, m.mentee_id) AND ${t}.id = ANY(:ids::uuid[])`,
  )
    .andWhere('(m.mentor_id = ANY(:ids::uuid[]) OR m.mentee_id = ANY(:ids::uuid[]))', { ids: teacherIds })
    .orderBy('m.started_on')
    .addOrderBy('m.id')
    .getMany();
  const wanted = new Set(teacherIds);
  return pairs.flatMap((pair) =>
    [pair.mentorId, pair.menteeId].filter((id) => wanted.has(id)).map((teacherId) => ({ teacherId, pair })),
  );
}

/** Activities of many pairings inside the scope (their supported school's region), oldest first. */
export function findActivitiesOfPairings(data: ScopedData, pairingIds: readonly string[]): Promise<ExchangeActivityEntity[]> {
  return data.owned(ExchangeActivityEntity, 'a', SchoolPairingEntity, (p) => `${p}.id = a.pairing_id`)
    .andWhere('a.pairing_id = ANY(:ids::uuid[])', { ids: pairingIds })
    .orderBy('a.held_on')
    .addOrderBy('a.id')
    .getMany();
}

export interface RotationCountRow {
  schoolId: string;
  year: number;
  teachers: number;
  rotated: number;
}

/** For each (school, year): active teachers and distinct teachers rotated out that year, in scope (one statement). */
export async function rotationCounts(data: ScopedData, keys: readonly { schoolId: string; year: number }[]): Promise<RotationCountRow[]> {
  const rows = await data.query<{ school_id: string; year: number; teachers: number; rotated: number }>(
    (region) =>
      `SELECT k.school_id, k.year,
              (SELECT count(*) FROM teacher t
                WHERE t.school_id = k.school_id AND t.left_on IS NULL AND ${region('t.region_code')})::int AS teachers,
              (SELECT count(DISTINCT r.teacher_id) FROM teacher_rotation r
                WHERE r.from_school_id = k.school_id AND ${region('r.from_region_code')}
                  AND r.start_date BETWEEN make_date(k.year, 1, 1) AND make_date(k.year, 12, 31))::int AS rotated
         FROM unnest($2::uuid[], $3::int[]) AS k(school_id, year)`,
    [keys.map((k) => k.schoolId), keys.map((k) => k.year)],
  );
  return rows.map((r) => ({ schoolId: r.school_id, year: r.year, teachers: r.teachers, rotated: r.rotated }));
}

/** Support teachers (managers and teachers) sent from the schools of the scope in a year. */
export async function supportTeachersSent(data: ScopedData, year: number): Promise<{ managers: number; teachers: number }> {
  const row = await data
    .repository(TeacherRotationEntity)
    .query('r')
    .select('count(*) FILTER (WHERE r.manager)::int', 'managers')
    .addSelect('count(*) FILTER (WHERE NOT r.manager)::int', 'teachers')
    .andWhere("r.kind = 'SUPPORT_TEACHING'")
    .andWhere('r.start_date BETWEEN make_date(:year, 1, 1) AND make_date(:year, 12, 31)', { year })
    .getRawOne<{ managers: number; teachers: number }>();
  return { managers: row?.managers ?? 0, teachers: row?.teachers ?? 0 };
}

/** The quota of exactly region `regionCode` for a year, when the scope of `data` holds it. */
export function findQuota(data: ScopedData, regionCode: RegionCode, year: number): Promise<SupportTeachingQuotaEntity | null> {
  return data
    .repository(SupportTeachingQuotaEntity)
    .query('q')
    .andWhere('q.region_code = :regionCode AND q.year = :year', { regionCode, year })
    .getOne();
}

/** The first `first` pairings whose supported school lies inside the scope of `data`, by start. */
export function findPairingsInRegion(data: ScopedData, first: number): Promise<SchoolPairingEntity[]> {
  return data.repository(SchoolPairingEntity).query('p').orderBy('p.started_on').addOrderBy('p.id').limit(first).getMany();
}
