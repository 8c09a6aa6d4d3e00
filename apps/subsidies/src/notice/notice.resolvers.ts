import { withinSchoolScope } from '@epg/auth';
import { academicYearSchema, maskIdNumber, regionCodeSchema, todayIso } from '@epg/domain';
import { isUuid } from '@epg/persistence';
import { manyByKey, oneByKey, parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import { z } from 'zod';
import type { SubsidiesContext } from '../context';
import type { Resolvers } from '../generated/resolvers-types';
import type { NoticeEntity } from './notice.entity';
import { exportNotice } from './notice-export';
import { isNoticePeriodOpen } from './notice-period';
import { countNotices, findCurrentNotice, findNoticePage, findNoticesByIds, findObjectionsOf, findPredecessors } from './notice.repository';
import { publishSubsidyNotice, recordNoticeObjection, resolveNoticeObjection } from './notice.service';

/** The notice loaders of one request (made on first use), reading through the caller's scoped data. */
const loadersOf = new WeakMap<object, ReturnType<typeof createNoticeLoaders>>();
function createNoticeLoaders(ctx: SubsidiesContext) {
  // SCHOOL staff see their own school's notices only.
  const own = (rows: NoticeEntity[]) => rows.filter((n) => withinSchoolScope(ctx.principal, n.schoolId));
  return {
    notice: oneByKey(async (ids: readonly string[]) => own(await findNoticesByIds(ctx.data, ids)), (n) => n.id),
    predecessor: oneByKey(async (ids: readonly string[]) => own(await findPredecessors(ctx.data, ids)), (n) => n.supersededBy!),
    objections: manyByKey((ids: readonly string[]) => findObjectionsOf(ctx.data, ids), (o) => o.noticeId),
  };
}
function noticeLoaders(ctx: SubsidiesContext) {
  let loaders = loadersOf.get(ctx);
  if (!loaders) loadersOf.set(ctx, (loaders = createNoticeLoaders(ctx)));
  return loaders;
}

const exportFormatSchema = z.enum(['CSV', 'XLSX']);

/** Public notices (公示): publishing a school's list, reading it back, objections, exports. */
export const noticeResolvers: Resolvers = {
  Query: {
    subsidyNotice: async (_parent, args, ctx) => {
      const academicYear = parseInput(academicYearSchema, args.academicYear, 'academicYear');
      if (!withinSchoolScope(ctx.principal, args.schoolId)) return null;
      return findCurrentNotice(ctx.data, args.schoolId, academicYear);
    },
    subsidyNotices: async (_parent, args, ctx) => {
      const regionCode = parseInput(regionCodeSchema, args.regionCode, 'regionCode');
      const academicYear = args.academicYear == null ? null : parseInput(academicYearSchema, args.academicYear, 'academicYear');
      const data = ctx.data.narrowTo(regionCode);
      const page = parsePageArgs(args);
      const rows = await findNoticePage(data, academicYear, page);
      return toConnection(rows, page, (n) => [n.academicYear, n.schoolId, n.publishedOn, n.id], () => countNotices(data, academicYear));
    },
    subsidyNoticeExport: async (_parent, args, ctx) => {
      const format = parseInput(exportFormatSchema, args.format, 'format');
      if (!isUuid(args.noticeId)) return null;
      const notice = await noticeLoaders(ctx).notice.load(args.noticeId);
      return notice ? exportNotice(notice, format) : null;
    },
  },
  Mutation: {
    publishSubsidyNotice: (_parent, args, ctx) => publishSubsidyNotice(ctx, args),
    recordNoticeObjection: (_parent, args, ctx) => recordNoticeObjection(ctx, args),
    resolveNoticeObjection: (_parent, args, ctx) => resolveNoticeObjection(ctx, args),
  },
  SubsidyNotice: {
    periodOpen: (n) => isNoticePeriodOpen({ start: n.periodStart, end: n.periodEnd }, todayIso()),
    status: (n) => (n.supersededBy ? 'SUPERSEDED' : 'CURRENT'),
    supersededBy: (n, _args, ctx) => (n.supersededBy ? noticeLoaders(ctx).notice.load(n.supersededBy) : null),
    supersedes: (n, _args, ctx) => noticeLoaders(ctx).predecessor.load(n.id),
    objections: (n, _args, ctx) => noticeLoaders(ctx).objections.load(n.id),
  },
  SubsidyNoticeLine: {
    // Masks projected (or notices published) before the mask became 4+4 kept 6+4: re-masked on read,
    // so every masked number the graph serves has one form (DESIGN.md).
    idNumberMasked: (line) => maskIdNumber(line.idNumberMasked),
  },
  NoticeObjection: {
    late: (o, _args, ctx) => noticeLoaders(ctx).notice.load(o.noticeId).then((n) => (n ? o.receivedOn > n.periodEnd : false)),
    status: (o) => (o.resolvedOn ? 'RESOLVED' : 'OPEN'),
  },
};
