import { visibleBirthDate } from '@epg/auth';
import { birthYearOf } from '@epg/domain';
import { parseBulkFeedArgs, parseFeedArgs, parseInput, toFeedPage, toFeedRowsPage } from '@epg/subgraph-kit';
import { z } from 'zod';
import type { Resolvers } from '../generated/resolvers-types';
import { PERSON_CHANGE_COLUMNS, readPersonChangeRows, readPersonChanges } from './feed.repository';

const sinceSchema = z.string().datetime({ offset: true, message: 'since is an ISO instant' }).nullish();

export const feedResolvers: Resolvers = {
  Query: {
    personChanges: async (_parent, args, ctx) => {
      const { first, after } = parseFeedArgs(args);
      const since = parseInput(sinceSchema, args.since, 'since') ?? null;
      const rows = await readPersonChanges(ctx.data, after, since, first + 1);
      return toFeedPage(
        rows.map((row) => ({ ...row, birthDate: visibleBirthDate(ctx.principal, row.birthDate), birthYear: birthYearOf(row.birthDate) })),
        first,
        after,
      );
    },
    personChangeRows: async (_parent, args, ctx) => {
      const { first, after } = parseBulkFeedArgs(ctx.principal, args);
      const since = parseInput(sinceSchema, args.since, 'since') ?? null;
      const chunk = await readPersonChangeRows(ctx.data, after, since, first);
      return toFeedRowsPage(chunk, first, PERSON_CHANGE_COLUMNS, after);
    },
  },
};
