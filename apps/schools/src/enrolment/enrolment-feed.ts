import type { DataSource } from 'typeorm';
import { regionScopePrefix } from '@epg/auth';
import type { EnrolmentStatus, SchoolOwnership, SchoolType, Stage } from '@epg/domain';
import { escapeLike, feedOrder, feedPositionColumns, feedWindowConditions, type FeedPosition } from '@epg/persistence';
import { feedRowsChunkSql, parseBulkFeedArgs, parseFeedArgs, toFeedPage, toFeedRowsPage, type FeedRowsChunk } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';

export interface EnrolmentChangeRow {
  enrolmentId: string;
  personId: string;
  schoolId: string;
  schoolRegionCode: string;
  schoolType: SchoolType;
  schoolOwnership: SchoolOwnership;
  academicYear: number;
  stage: Stage;
  grade: number;
  boarding: boolean;
  specialEducation: boolean;
  agricultureMajor: boolean;
  status: EnrolmentStatus;
  changedAt: Date;
  changeXid: string;
  changeSeq: string;
}

/** The fields of a bulk feed row (`enrolmentChangeRows`), in order: every field of `EnrolmentChange`. */
export const ENROLMENT_CHANGE_COLUMNS = [
  'enrolmentId', 'personId', 'schoolId', 'schoolRegionCode', 'schoolType', 'schoolOwnership', 'academicYear', 'stage',
  'grade', 'boarding', 'specialEducation', 'agricultureMajor', 'status', 'changedAt',
] as const satisfies readonly (keyof EnrolmentChangeRow)[];

/** The rows of an enrolment feed page (see libs/persistence change-feed.ts for the ordering). $1 region, $2 limit. */
function enrolmentFeedQuery(prefix: string, after: FeedPosition | null, limit: number) {
  const params: unknown[] = [`${escapeLike(prefix)}%`, limit];
  const conditions = [`e.region_code LIKE $1`, ...feedWindowConditions('e', after, params)];
  return { from: 'enrolment e JOIN school s ON s.id = e.school_id', where: conditions.join(' AND '), params };
}

/** One page of the enrolment change feed. */
export function readEnrolmentChanges(dataSource: DataSource, prefix: string, after: FeedPosition | null, limit: number): Promise<EnrolmentChangeRow[]> {
  const { from, where, params } = enrolmentFeedQuery(prefix, after, limit);
  return dataSource.query(
    `SELECT e.id AS "enrolmentId", e.person_id AS "personId", e.school_id AS "schoolId", e.region_code AS "schoolRegionCode",
            s.type AS "schoolType", s.ownership AS "schoolOwnership", e.academic_year AS "academicYear", e.stage, e.grade,
            e.boarding, e.special_education AS "specialEducation", e.agriculture_major AS "agricultureMajor", e.status,
            e.changed_at AS "changedAt", ${feedPositionColumns('e')}
       FROM ${from}
      WHERE ${where}
      ORDER BY ${feedOrder('e')}
      LIMIT $2`,
    params,
  );
}

/**
 * The same page in bulk form (`enrolmentChangeRows`): PostgreSQL writes the tuples —
 * ENROLMENT_CHANGE_COLUMNS, in order, valued as `enrolmentChanges` answers them.
 */
export async function readEnrolmentChangeRows(dataSource: DataSource, prefix: string, after: FeedPosition | null, first: number): Promise<FeedRowsChunk> {
  const { from, where, params } = enrolmentFeedQuery(prefix, after, first + 1);
  params.push(first);
  const page = `SELECT e.change_xid, e.change_seq, json_build_array(
            e.id, e.person_id, e.school_id, e.region_code, s.type, s.ownership, e.academic_year, e.stage, e.grade,
            e.boarding, e.special_education, e.agriculture_major, e.status,
            to_char(e.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS feed_row
       FROM ${from}
      WHERE ${where}
      ORDER BY ${feedOrder('e')}
      LIMIT $2`;
  const [chunk]: FeedRowsChunk[] = await dataSource.query(feedRowsChunkSql(page, `$${params.length}`), params);
  return chunk!;
}

export const enrolmentFeedResolvers: Resolvers = {
  Query: {
    enrolmentChanges: async (_parent, args, ctx) => {
      const { first, after } = parseFeedArgs(args);
      return toFeedPage(await readEnrolmentChanges(ctx.dataSource, regionScopePrefix(ctx.principal), after, first + 1), first);
    },
    enrolmentChangeRows: async (_parent, args, ctx) => {
      const { first, after } = parseBulkFeedArgs(ctx.principal, args);
      const chunk = await readEnrolmentChangeRows(ctx.dataSource, regionScopePrefix(ctx.principal), after, first);
      return toFeedRowsPage(chunk, first, ENROLMENT_CHANGE_COLUMNS);
    },
  },
};
