import type { DataSource } from 'typeorm';
import { likePrefix } from '../teacher/teacher.repository';
import {
  ExchangeActivityEntity,
  MentorPairEntity,
  SchoolPairingEntity,
  SupportTeachingQuotaEntity,
  TeacherRotationEntity,
} from './exchange.entities';

/** Rotations of many teachers, oldest first (one statement per batch). */
export function findRotationsOfTeachers(dataSource: DataSource, teacherIds: readonly string[]): Promise<TeacherRotationEntity[]> {
  return dataSource
    .getRepository(TeacherRotationEntity)
    .createQueryBuilder('r')
    .where('r.teacher_id = ANY(:ids::uuid[])', { ids: teacherIds })
    .orderBy('r.start_date')
    .addOrderBy('r.id')
    .getMany();
}

/** Mentor pairs of many teachers, each listed under both its mentor and its mentee (one statement per batch). */
export async function findMentorPairsOfTeachers(
  dataSource: DataSource,
  teacherIds: readonly string[],
): Promise<{ teacherId: string; pair: MentorPairEntity }[]> {
  const pairs = await dataSource
    .getRepository(MentorPairEntity)
    .createQueryBuilder('m')
    .where('m.mentor_id = ANY(:ids::uuid[]) OR m.mentee_id = ANY(:ids::uuid[])', { ids: teacherIds })
    .orderBy('m.started_on')
    .addOrderBy('m.id')
    .getMany();
  const wanted = new Set(teacherIds);
  return pairs.flatMap((pair) =>
    [pair.mentorId, pair.menteeId].filter((id) => wanted.has(id)).map((teacherId) => ({ teacherId, pair })),
  );
}

export function findActivitiesOfPairings(dataSource: DataSource, pairingIds: readonly string[]): Promise<ExchangeActivityEntity[]> {
  return dataSource
    .getRepository(ExchangeActivityEntity)
    .createQueryBuilder('a')
    .where('a.pairing_id = ANY(:ids::uuid[])', { ids: pairingIds })
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
export async function rotationCounts(
  dataSource: DataSource,
  keys: readonly { schoolId: string; year: number }[],
  regionPrefix: string,
): Promise<RotationCountRow[]> {
  const rows: { school_id: string; year: number; teachers: number; rotated: number }[] = await dataSource.query(
    `SELECT k.school_id, k.year,
            (SELECT count(*) FROM teacher t
              WHERE t.school_id = k.school_id AND t.left_on IS NULL AND t.region_code LIKE $3)::int AS teachers,
            (SELECT count(DISTINCT r.teacher_id) FROM teacher_rotation r
              WHERE r.from_school_id = k.school_id AND r.from_region_code LIKE $3
                AND r.start_date BETWEEN make_date(k.year, 1, 1) AND make_date(k.year, 12, 31))::int AS rotated
       FROM unnest($1::uuid[], $2::int[]) AS k(school_id, year)`,
    [keys.map((k) => k.schoolId), keys.map((k) => k.year), likePrefix(regionPrefix)],
  );
  return rows.map((r) => ({ schoolId: r.school_id, year: r.year, teachers: r.teachers, rotated: r.rotated }));
}

export async function supportTeachersSent(
  dataSource: DataSource,
  regionPrefix: string,
  year: number,
): Promise<{ managers: number; teachers: number }> {
  const [row]: { managers: number; teachers: number }[] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE r.manager)::int AS managers, count(*) FILTER (WHERE NOT r.manager)::int AS teachers
       FROM teacher_rotation r
      WHERE r.kind = 'SUPPORT_TEACHING' AND r.from_region_code LIKE $1
        AND r.start_date BETWEEN make_date($2, 1, 1) AND make_date($2, 12, 31)`,
    [likePrefix(regionPrefix), year],
  );
  return { managers: row?.managers ?? 0, teachers: row?.teachers ?? 0 };
}

export function findQuota(dataSource: DataSource, regionCode: string, year: number): Promise<SupportTeachingQuotaEntity | null> {
  return dataSource.getRepository(SupportTeachingQuotaEntity).findOne({ where: { regionCode, year } });
}

/** Pairings whose supported school lies inside the region prefix. */
export function findPairingsInRegion(dataSource: DataSource, regionPrefix: string): Promise<SchoolPairingEntity[]> {
  return dataSource
    .getRepository(SchoolPairingEntity)
    .createQueryBuilder('p')
    .where('p.region_code LIKE :prefix', { prefix: likePrefix(regionPrefix) })
    .orderBy('p.started_on')
    .addOrderBy('p.id')
    .getMany();
}
