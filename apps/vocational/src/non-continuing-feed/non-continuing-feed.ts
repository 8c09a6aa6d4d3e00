import { feedOrder, feedPositionColumns, feedWindowConditions, type FeedPosition, type ScopedData } from '@epg/persistence';
import { parseFeedArgs, toFeedPage } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';

/** One row of the 两后生 change feed (`nonContinuingGraduateChanges`). */
export interface NonContinuingGraduateChangeRow {
  personId: string;
  regionCode: string;
  year: number;
  removed: boolean;
  changedAt: Date;
  changeXid: string;
  changeSeq: string;
}

/**
 * One page of the 两后生 feed inside the scope. The feed's table is kept by triggers on
 * `non_continuing_graduate` (migration 1765030000000), so it carries every row whoever wrote it;
 * pages follow libs/persistence change-feed.ts. The scope owns $1, the limit is $2.
 */
export function readNonContinuingGraduateChanges(data: ScopedData, after: FeedPosition | null, limit: number): Promise<NonContinuingGraduateChangeRow[]> {
  const params: unknown[] = [null, limit]; // [0] stands for $1, which the scope binds
  const conditions = feedWindowConditions('c', after, params);
  return data.query<NonContinuingGraduateChangeRow>(
    (region) => `SELECT c.person_id AS "personId", c.region_code AS "regionCode", c.year, c.removed, c.changed_at AS "changedAt", ${feedPositionColumns('c')}
       FROM non_continuing_graduate_change c
      WHERE ${[region('c.region_code'), ...conditions].join(' AND ')}
      ORDER BY ${feedOrder('c')}
      LIMIT $2`,
    params.slice(1),
  );
}

export const nonContinuingFeedResolvers: Resolvers = {
  Query: {
    nonContinuingGraduateChanges: async (_parent, args, ctx) => {
      const { first, after } = parseFeedArgs(args);
      return toFeedPage(await readNonContinuingGraduateChanges(ctx.data, after, first + 1), first, after);
    },
  },
};
