import { regionScopePrefix } from '@epg/auth';
import { badUserInput, parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import { z } from 'zod';
import type { Resolvers } from '../generated/resolvers-types';
import { readPersonChanges } from './feed.repository';

const sinceSchema = z.string().datetime({ offset: true, message: 'since is an ISO instant' }).nullish();

export const feedResolvers: Resolvers = {
  Query: {
    personChanges: async (_parent, args, ctx) => {
      const page = parsePageArgs(args);
      const since = parseInput(sinceSchema, args.since, 'since') ?? null;
      const after = page.after ? { xid: String(page.after[0]), seq: String(page.after[1]) } : null;
      if (after && !/^\d+$/.test(after.xid + after.seq)) {
        throw badUserInput('after: not a cursor this feed returned', [{ path: 'after', message: 'not a cursor this feed returned' }]);
      }
      const rows = await readPersonChanges(ctx.dataSource, regionScopePrefix(ctx.principal), after, since, page.first + 1);
      const connection = toConnection(rows, page, (row) => [row.changeXid, row.changeSeq], async () => rows.length);
      return { pageInfo: connection.pageInfo, edges: connection.edges };
    },
  },
};
