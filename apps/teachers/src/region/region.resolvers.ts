import { isRegionCode } from '@epg/domain';
import type { Resolvers } from '../generated/resolvers-types';
import { teacherTrainingCoverage } from '../training/training.service';
import { teacherStats } from './region.service';

export const regionResolvers: Resolvers = {
  Region: {
    // Regions are owned by the households service: a reference is its code (no SQL); every
    // indicator below applies the caller's region scope itself.
    __resolveReference: (ref) => ({ code: ref.code }),
    teacherStats: (region, args, ctx) => (isRegionCode(region.code) ? teacherStats(ctx, region.code, args.month) : null),
    teacherTrainingCoverage: (region, args, ctx) =>
      isRegionCode(region.code) ? teacherTrainingCoverage(ctx, region.code, args.cycleStartYear) : null,
  },
  // The breakdown is read once, and only when one of its fields is asked for.
  TeacherTrainingCoverage: {
    hours: async (coverage) => (await coverage.breakdown()).hours,
    personTimesByYear: async (coverage) => (await coverage.breakdown()).personTimesByYear,
    byLevel: async (coverage) => (await coverage.breakdown()).byLevel,
  },
};
