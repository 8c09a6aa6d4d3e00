import { assertCanWrite, assertRegionInScope, regionScopePrefix } from '@epg/auth';
import { canonicalPrefix, isoDateSchema, regionCodeSchema } from '@epg/domain';
import { isUniqueViolation, recordAudit } from '@epg/persistence';
import {
  badUserInput,
  conflict,
  notFound,
  parseInput,
  parsePageArgs,
  toConnection,
  type BaseContext,
  type Connection,
  type PageRequest,
} from '@epg/subgraph-kit';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { lookUpSchool } from '../school/school-ref';
import { TeacherEntity } from './teacher.entity';
import { TeacherPostingEntity } from './posting.entity';
import { activeTeachersQuery, likePrefix, pageOfTeachers } from './teacher.repository';
import { moveTeacherSchema, planMove, postingProblem, registerTeacherSchema } from './teacher.rules';

/** What the audit trail keeps of a teacher: never the full ID number. */
function auditView(t: TeacherEntity) {
  const { idNumber: _full, ...rest } = t;
  return rest;
}

/** Locks and returns a teacher inside the caller's scope, or NOT_FOUND. */
export async function lockTeacher(manager: EntityManager, ctx: BaseContext, teacherId: string): Promise<TeacherEntity> {
  const teacher = await manager
    .getRepository(TeacherEntity)
    .createQueryBuilder('t')
    .setLock('pessimistic_write')
    .where('t.id = :teacherId', { teacherId })
    .andWhere('t.region_code LIKE :prefix', { prefix: likePrefix(regionScopePrefix(ctx.principal)) })
    .getOne();
  if (!teacher) throw notFound('teacher');
  return teacher;
}

async function currentPosting(manager: EntityManager, teacherId: string): Promise<TeacherPostingEntity> {
  const posting = await manager
    .getRepository(TeacherPostingEntity)
    .createQueryBuilder('p')
    .where('p.teacher_id = :teacherId', { teacherId })
    .orderBy('p.from_date', 'DESC')
    .getOne();
  if (!posting) throw new Error(`teacher ${teacherId} has no posting`);
  return posting;
}

export async function registerTeacher(ctx: BaseContext, rawInput: unknown): Promise<TeacherEntity> {
  assertCanWrite(ctx.principal);
  const input = parseInput(registerTeacherSchema, rawInput, 'input');
  const school = await lookUpSchool(ctx, input.schoolId, 'input.schoolId');
  try {
    return await ctx.dataSource.transaction(async (manager) => {
      const duplicate = await manager
        .getRepository(TeacherEntity)
        .createQueryBuilder('t')
        .where('t.id_number = :idNumber AND t.left_on IS NULL', { idNumber: input.idNumber.idNumber })
        .getExists();
      if (duplicate) throw conflict('an active teacher with this ID number is already registered');
      const teacher = await manager.getRepository(TeacherEntity).save(
        manager.getRepository(TeacherEntity).create({
          name: input.name,
          idNumber: input.idNumber.idNumber,
          gender: input.idNumber.gender,
          birthDate: input.idNumber.birthDate,
          schoolId: school.id,
          regionCode: school.regionCode,
          postType: input.postType,
          rural: input.rural,
          hardshipTier: input.hardshipTier,
          title: input.title ?? null,
          subjects: input.subjects ?? [],
          startedOn: input.startedOn,
          leftOn: null,
        }),
      );
      await manager.getRepository(TeacherPostingEntity).insert({
        teacherId: teacher.id,
        schoolId: school.id,
        regionCode: school.regionCode,
        rural: input.rural,
        hardshipTier: input.hardshipTier,
        fromDate: input.startedOn,
        toDate: null,
      });
      await recordAudit(manager, ctx, { operation: 'registerTeacher', entityType: 'Teacher', entityId: teacher.id, after: auditView(teacher) });
      return teacher;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('an active teacher with this ID number is already registered');
    throw err;
  }
}

export async function moveTeacher(ctx: BaseContext, rawArgs: unknown): Promise<TeacherEntity> {
  assertCanWrite(ctx.principal);
  const args = parseInput(moveTeacherSchema, rawArgs, 'args');
  const school = await lookUpSchool(ctx, args.schoolId, 'schoolId');
  return ctx.dataSource.transaction(async (manager) => {
    const teacher = await lockTeacher(manager, ctx, args.teacherId);
    const posting = await currentPosting(manager, teacher.id);
    const plan = planMove(posting, school.id, args.on);
    if (!plan.ok) throw badUserInput(plan.message, [{ path: 'on', message: plan.message }]);
    const rural = args.rural ?? teacher.rural;
    const hardshipTier = args.hardshipTier ?? teacher.hardshipTier;
    const problem = postingProblem(rural, hardshipTier);
    if (problem) throw badUserInput(problem, [{ path: 'hardshipTier', message: problem }]);
    const before = auditView(teacher);
    await manager.getRepository(TeacherPostingEntity).update({ id: posting.id }, { toDate: plan.closeOn });
    await manager.getRepository(TeacherPostingEntity).insert({
      teacherId: teacher.id,
      schoolId: school.id,
      regionCode: school.regionCode,
      rural,
      hardshipTier,
      fromDate: args.on,
      toDate: null,
    });
    Object.assign(teacher, { schoolId: school.id, regionCode: school.regionCode, rural, hardshipTier });
    await manager.getRepository(TeacherEntity).update(
      { id: teacher.id },
      { schoolId: school.id, regionCode: school.regionCode, rural, hardshipTier },
    );
    await recordAudit(manager, ctx, { operation: 'moveTeacher', entityType: 'Teacher', entityId: teacher.id, before, after: auditView(teacher) });
    return teacher;
  });
}

const teacherLeftSchema = z.object({ teacherId: z.string().uuid('not an id of this graph'), on: isoDateSchema });

export async function recordTeacherLeft(ctx: BaseContext, rawArgs: unknown): Promise<TeacherEntity> {
  assertCanWrite(ctx.principal);
  const args = parseInput(teacherLeftSchema, rawArgs, 'args');
  return ctx.dataSource.transaction(async (manager) => {
    const teacher = await lockTeacher(manager, ctx, args.teacherId);
    assertRegionInScope(ctx.principal, teacher.regionCode);
    if (teacher.leftOn !== null) throw conflict(`the teacher already left on ${teacher.leftOn}`);
    const posting = await currentPosting(manager, teacher.id);
    if (args.on < posting.fromDate) {
      const message = `the current posting began on ${posting.fromDate}`;
      throw badUserInput(message, [{ path: 'on', message }]);
    }
    const before = auditView(teacher);
    await manager.getRepository(TeacherPostingEntity).update({ id: posting.id }, { toDate: args.on });
    await manager.getRepository(TeacherEntity).update({ id: teacher.id }, { leftOn: args.on });
    teacher.leftOn = args.on;
    await recordAudit(manager, ctx, { operation: 'recordTeacherLeft', entityType: 'Teacher', entityId: teacher.id, before, after: auditView(teacher) });
    return teacher;
  });
}

/** A page of a teacher query, keyset on (name, id); the count runs only when asked. */
export async function teacherConnection(
  query: ReturnType<typeof activeTeachersQuery>,
  page: PageRequest,
): Promise<Connection<TeacherEntity>> {
  const rows = await pageOfTeachers(query, page);
  return toConnection(rows, page, (t) => [t.name, t.id], () => query.clone().getCount());
}

/** Active teachers inside a region of the caller's scope, by name. */
export function listTeachers(ctx: BaseContext, args: { regionCode: string; first: number; after?: string | null }) {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  assertRegionInScope(ctx.principal, regionCode);
  const page = parsePageArgs(args);
  return teacherConnection(activeTeachersQuery(ctx.dataSource, canonicalPrefix(regionCode)), page);
}
