import { maskIdNumber } from '@epg/domain';
import type { Resolvers } from '../generated/resolvers-types';
import { publishSubsidyNotice } from './notice.service';

/** Public notices (公示): publishing a school's approved lines, reading them back. */
export const noticeResolvers: Resolvers = {
  Mutation: {
    publishSubsidyNotice: (_parent, args, ctx) => publishSubsidyNotice(ctx, args),
  },
  SubsidyNoticeLine: {
    // Masks projected (or notices published) before the mask became 4+4 kept 6+4: re-masked on read,
    // so every masked number the graph serves has one form (DESIGN.md).
    idNumberMasked: (line) => maskIdNumber(line.idNumberMasked),
  },
};
