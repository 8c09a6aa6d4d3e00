import { visibleBirthDate } from '@epg/auth';
import { birthYearOf, MAX_PAGE_SIZE, maskIdNumber, monthSchema, pageSizeSchema } from '@epg/domain';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { currentMonth, monthlyAllowanceFen } from '../allowance/allowance.rules';
import { listTeachers, moveTeacher, recordTeacherLeft, registerTeacher } from './teacher.service';

export const teacherResolvers: Resolvers = {
  Query: {
    teacher: (_parent, { id }, ctx) => ctx.loaders.teacher.load(id),
    teachers: (_parent, args, ctx) => listTeachers(ctx, args),
  },
  Mutation: {
    registerTeacher: (_parent, { input }, ctx) => registerTeacher(ctx, input),
    moveTeacher: (_parent, args, ctx) => moveTeacher(ctx, args),
    recordTeacherLeft: (_parent, args, ctx) => recordTeacherLeft(ctx, args),
  },
  Teacher: {
    __resolveReference: (ref, ctx) => ctx.loaders.teacher.load(ref.id),
    idNumberMasked: (teacher) => maskIdNumber(teacher.idNumber),
    birthYear: (teacher) => birthYearOf(teacher.birthDate),
    birthDate: (teacher, _args, ctx) => visibleBirthDate(ctx.principal, teacher.birthDate),
    school: (teacher) => ({ id: teacher.schoolId }),
    postings: (teacher, _args, ctx) => ctx.loaders.postingsOfTeacher.load(teacher.id),
    monthlyAllowanceFen: async (teacher, args, ctx) => {
      const month = args.month == null ? currentMonth() : parseInput(monthSchema, args.month, 'month');
      const [postings, rates, rotations] = await Promise.all([
        ctx.loaders.postingsOfTeacher.load(teacher.id),
        ctx.allowanceRates(),
        ctx.loaders.rotationsOfTeacher.load(teacher.id),
      ]);
      // 支教 and exchange stays: the receiving school's record decides (see monthlyAllowanceFen).
      const stays = await Promise.all(
        rotations.map(async (r) => ({ startDate: r.startDate, endDate: r.endDate, school: await ctx.loaders.schoolHardship.load(r.toSchoolId) })),
      );
      return monthlyAllowanceFen(postings, rates, month, stays);
    },
  },
  TeacherPosting: {
    school: (posting) => ({ id: posting.schoolId }),
  },
  School: {
    __resolveReference: (ref) => ({ id: ref.id }),
    // A back-reference that grows with the data: capped (BAD_USER_INPUT above 500), so nested
    // `school { teachers { school { teachers … } } }` is bounded and priced by the gateway's cost limit.
    teachers: async (school, args, ctx) => {
      const first = parseInput(pageSizeSchema, args.first ?? MAX_PAGE_SIZE, 'first');
      return (await ctx.loaders.teachersOfSchool.load(school.id)).slice(0, first);
    },
  },
};
