import { isoDateSchema, regionCodeSchema, teacherPostTypeSchema } from '@epg/domain';
import type { ScopedData } from '@epg/persistence';
import {
  badUserInput,
  conflict,
  notFound,
  parseInput,
  parsePageArgs,
  toConnection,
  openWrite,
  write,
  type BaseContext,
  type Connection,
  type PageRequest,
} from '@epg/subgraph-kit';
import { z } from 'zod';
import { lookUpSchool } from '../school/school-ref';
import { schoolHardshipFor } from '../school/school-hardship';
import { teacherAuditView } from './birth';
import { TeacherEntity } from './teacher.entity';
import { TeacherPostingEntity } from './posting.entity';
import { activeTeachersQuery, pageOfTeachers, postingsOfTeachersInScope } from './teacher.repository';
import { moveTeacherSchema, planMove, postingProblem, registerTeacherSchema } from './teacher.rules';

/** What the audit trail keeps of a teacher: never the full ID number nor the birth date. */
const auditView = (t: TeacherEntity) => teacherAuditView(t);

/** Locks and returns a teacher inside the scope of `data` (a write's), or NOT_FOUND. */
export async function lockTeacher(data: ScopedData, teacherId: string): Promise<TeacherEntity> {
  const teacher = await data.repository(TeacherEntity).findById(teacherId, { lock: true });
  if (!teacher) throw notFound('teacher');
  return teacher;
}

async function currentPosting(data: ScopedData, teacherId: string): Promise<TeacherPostingEntity> {
  const posting = await postingsOfTeachersInScope(data)
    .andWhere('p.teacher_id = :teacherId', { teacherId })
    .orderBy('p.from_date', 'DESC')
    .getOne();
  if (!posting) throw new Error(`teacher ${teacherId} has no posting`);
  return posting;
}

const DUPLICATE_TEACHER = 'an active teacher with this ID number is already registered';

/**
 * The answer to a registration whose ID number belongs to an active teacher: named when that
 * teacher serves inside the caller's scope; otherwise nothing about them (no id, school or
 * region) — the duplicate check must not be an oracle for other regions' staff.
 */
function duplicateTeacher(data: ScopedData, existing: { id: string; regionCode: string }) {
  if (data.scope.contains(existing.regionCode)) {
    return conflict(`${DUPLICATE_TEACHER} in your region (teacher ${existing.id})`, { field: 'input.idNumber', existing: { teacherId: existing.id } });
  }
  return conflict(
    'this person cannot be registered here: they are an active teacher outside your region; the county where they serve must move them or record that they left',
    { field: 'input.idNumber' },
  );
}

export async function registerTeacher(ctx: BaseContext, rawInput: unknown): Promise<TeacherEntity> {
  // Rights first (the envelope opens); the school is read through the graph before its transaction.
  const register = openWrite(ctx, { operation: 'registerTeacher', onUniqueViolation: DUPLICATE_TEACHER });
  const input = parseInput(registerTeacherSchema, rawInput, 'input');
  const school = await lookUpSchool(ctx, input.schoolId, 'input.schoolId');
  return register.run(async (tx) => {
    // ID numbers are unique across every region (an active teacher elsewhere is a duplicate too):
    // this check is deliberately not limited to the caller's scope, its answer is.
    const duplicate = await tx.manager
      .getRepository(TeacherEntity)
      .createQueryBuilder('t')
      .select(['t.id', 't.regionCode'])
      .where('t.id_number = :idNumber AND t.left_on IS NULL', { idNumber: input.idNumber.idNumber })
      .getOne();
    if (duplicate) throw duplicateTeacher(tx.data, duplicate);
    // The tier is the school's: the input agrees with its record, or records it.
    const hardship = await schoolHardshipFor(tx.manager, school, input, input, 'input.hardshipTier');
    const teachers = tx.manager.getRepository(TeacherEntity);
    const teacher = await teachers.save(
      teachers.create({
        name: input.name,
        idNumber: input.idNumber.idNumber,
        gender: input.idNumber.gender,
        birthDate: input.idNumber.birthDate,
        schoolId: school.id,
        regionCode: school.regionCode,
        postType: input.postType,
        rural: hardship.rural,
        hardshipTier: hardship.hardshipTier,
        title: input.title ?? null,
        subjects: input.subjects ?? [],
        startedOn: input.startedOn,
        leftOn: null,
      }),
    );
    await tx.manager.getRepository(TeacherPostingEntity).insert({
      teacherId: teacher.id,
      schoolId: school.id,
      regionCode: school.regionCode,
      rural: hardship.rural,
      hardshipTier: hardship.hardshipTier,
      fromDate: input.startedOn,
      toDate: null,
    });
    tx.audit({ operation: 'registerTeacher', regionCode: teacher.regionCode, entityType: 'Teacher', entityId: teacher.id, after: auditView(teacher) });
    return teacher;
  });
}

export async function moveTeacher(ctx: BaseContext, rawArgs: unknown): Promise<TeacherEntity> {
  // Rights first; the new school is read through the graph (inside the caller's scope) before the transaction.
  const move = openWrite(ctx, { operation: 'moveTeacher' });
  const args = parseInput(moveTeacherSchema, rawArgs, 'args');
  const school = await lookUpSchool(ctx, args.schoolId, 'schoolId');
  return move.run(async (tx) => {
    const teacher = await lockTeacher(tx.data, args.teacherId);
    const posting = await currentPosting(tx.data, teacher.id);
    const plan = planMove(posting, school.id, args.on);
    if (!plan.ok) throw badUserInput(plan.message, [{ path: 'on', message: plan.message }]);
    // The new school's tier (its record; values given must agree), not the teacher's old one.
    const given = { rural: args.rural ?? undefined, hardshipTier: args.hardshipTier ?? undefined };
    const fallback = { rural: given.rural ?? teacher.rural, hardshipTier: given.hardshipTier ?? teacher.hardshipTier };
    const problem = postingProblem(fallback.rural, fallback.hardshipTier);
    if (problem) throw badUserInput(problem, [{ path: 'hardshipTier', message: problem }]);
    const { rural, hardshipTier } = await schoolHardshipFor(tx.manager, school, given, fallback, 'hardshipTier');
    const before = auditView(teacher);
    const postings = tx.manager.getRepository(TeacherPostingEntity);
    await postings.update({ id: posting.id }, { toDate: plan.closeOn });
    await postings.insert({
      teacherId: teacher.id,
      schoolId: school.id,
      regionCode: school.regionCode,
      rural,
      hardshipTier,
      fromDate: args.on,
      toDate: null,
    });
    Object.assign(teacher, { schoolId: school.id, regionCode: school.regionCode, rural, hardshipTier });
    await tx.manager
      .getRepository(TeacherEntity)
      .update({ id: teacher.id }, { schoolId: school.id, regionCode: school.regionCode, rural, hardshipTier });
    // A move to another region: the entry is placed in both (each region's auditors see it).
    tx.audit(
      [...new Set([before.regionCode, teacher.regionCode])].map((regionCode) => ({
        operation: 'moveTeacher',
        regionCode,
        entityType: 'Teacher',
        entityId: teacher.id,
        before,
        after: auditView(teacher),
      })),
    );
    return teacher;
  });
}

const teacherLeftSchema = z.object({ teacherId: z.string().uuid('not an id of this graph'), on: isoDateSchema });

export function recordTeacherLeft(ctx: BaseContext, rawArgs: unknown): Promise<TeacherEntity> {
  return write(ctx, { operation: 'recordTeacherLeft' }, async (tx) => {
    const args = parseInput(teacherLeftSchema, rawArgs, 'args');
    // Found through the caller's scope: the teacher's region lies inside it.
    const teacher = await lockTeacher(tx.data, args.teacherId);
    if (teacher.leftOn !== null) throw conflict(`the teacher already left on ${teacher.leftOn}`);
    const posting = await currentPosting(tx.data, teacher.id);
    if (args.on < posting.fromDate) {
      const message = `the current posting began on ${posting.fromDate}`;
      throw badUserInput(message, [{ path: 'on', message }]);
    }
    const before = auditView(teacher);
    await tx.manager.getRepository(TeacherPostingEntity).update({ id: posting.id }, { toDate: args.on });
    await tx.manager.getRepository(TeacherEntity).update({ id: teacher.id }, { leftOn: args.on });
    teacher.leftOn = args.on;
    tx.audit({ operation: 'recordTeacherLeft', regionCode: teacher.regionCode, entityType: 'Teacher', entityId: teacher.id, before, after: auditView(teacher) });
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

/**
 * Active teachers inside a region, by name: the region narrowed to the caller's scope (a region
 * above it lists the caller's own), FORBIDDEN when the two do not overlap — as every service's lists.
 */
export function listTeachers(
  ctx: BaseContext,
  args: { regionCode: string; first: number; after?: string | null; postType?: string | null; schoolId?: string | null },
) {
  const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
  const postType = args.postType == null ? null : parseInput(teacherPostTypeSchema, args.postType, 'postType');
  const schoolId = args.schoolId == null ? null : parseInput(z.string().uuid('not an id of this graph'), args.schoolId, 'schoolId');
  const data = ctx.data.narrowTo(regionCode);
  const page = parsePageArgs(args);
  // A post type (特岗 SPECIAL_POST, 定向 DIRECTED, 支教 SUPPORT…) narrows the list: who came in by
  // which route; a school narrows it to its current staff (inside the region and scope still).
  return teacherConnection(
    activeTeachersQuery(data, (qb) => {
      if (postType !== null) qb.andWhere('t.post_type = :postType', { postType });
      if (schoolId !== null) qb.andWhere('t.school_id = :schoolId', { schoolId });
      return qb;
    }),
    page,
  );
}
