import { MAX_PAGE_SIZE, pageSizeSchema, regionCodeSchema, todayIso } from '@epg/domain';
import { isUuid } from '@epg/persistence';
import { parseInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { findPairingsInRegion } from './exchange.repository';
import { meetsSeniorTitleCondition, pairingTerms, rotationShare, yearSchema } from './exchange.rules';
import {
  pairMentor,
  pairSchools,
  recordExchangeActivity,
  recordRotation,
  setSupportTeachingQuota,
  supportTeachingProgress,
} from './exchange.service';

export const exchangeResolvers: Resolvers = {
  Query: {
    supportTeachingProgress: (_parent, args, ctx) => supportTeachingProgress(ctx, args),
    schoolPairings: (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      // A region-wide list: narrowed to the caller's scope like every service's (FORBIDDEN when
      // disjoint), capped like a page (BAD_USER_INPUT above 500).
      return findPairingsInRegion(ctx.data.narrowTo(regionCode), parseInput(pageSizeSchema, args.first ?? MAX_PAGE_SIZE, 'first'));
    },
  },
  Mutation: {
    recordRotation: (_parent, { input }, ctx) => recordRotation(ctx, input),
    setSupportTeachingQuota: (_parent, { input }, ctx) => setSupportTeachingQuota(ctx, input),
    pairSchools: (_parent, { input }, ctx) => pairSchools(ctx, input),
    recordExchangeActivity: (_parent, { input }, ctx) => recordExchangeActivity(ctx, input),
    pairMentor: (_parent, { input }, ctx) => pairMentor(ctx, input),
  },
  Teacher: {
    rotations: (teacher, _args, ctx) => ctx.loaders.rotationsOfTeacher.load(teacher.id),
    mentorPairs: async (teacher, _args, ctx) => (await ctx.loaders.mentorPairsOfTeacher.load(teacher.id)).map((p) => p.pair),
  },
  TeacherRotation: {
    teacher: (r, _args, ctx) => ctx.loaders.teacher.load(r.teacherId),
    fromSchool: (r) => ({ id: r.fromSchoolId }),
    toSchool: (r) => ({ id: r.toSchoolId }),
    meetsSeniorTitleCondition: (r) => meetsSeniorTitleCondition(r),
  },
  School: {
    rotationShare: async (school, args, ctx) => {
      const year = parseInput(yearSchema, args.year, 'year');
      if (!isUuid(school.id)) return null;
      const row = await ctx.loaders.rotationCounts.load({ schoolId: school.id, year });
      return { year, ...rotationShare(row.teachers, row.rotated) };
    },
  },
  SchoolPairing: {
    strongSchool: (p) => ({ id: p.strongSchoolId }),
    supportedSchool: (p) => ({ id: p.supportedSchoolId }),
    activities: (p, _args, ctx) => ctx.loaders.activitiesOfPairing.load(p.id),
    terms: async (p, _args, ctx) => {
      const activities = await ctx.loaders.activitiesOfPairing.load(p.id);
      const end = p.endedOn ?? todayIso();
      return pairingTerms(p.startedOn, end, activities.map((a) => a.heldOn));
    },
  },
  MentorPair: {
    mentor: (p, _args, ctx) => ctx.loaders.teacher.load(p.mentorId),
    mentee: (p, _args, ctx) => ctx.loaders.teacher.load(p.menteeId),
  },
};
