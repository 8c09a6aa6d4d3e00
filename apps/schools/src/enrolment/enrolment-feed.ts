import { ENROLMENT_CHANGE_COLUMNS, type EnrolmentStatus, type SchoolOwnership, type SchoolType, type Stage } from '@epg/domain';
import { feedOrder, feedPositionColumns, feedWindowConditions, type FeedPosition, type RegionPredicate, type ScopedData } from '@epg/persistence';
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

/**
 * The fields of a bulk feed row (`enrolmentChangeRows`), in order: ENROLMENT_CHANGE_COLUMNS of
 * libs/domain, shared with the feed's readers; each must be a field of EnrolmentChangeRow.
 */
const BULK_COLUMNS: readonly (keyof EnrolmentChangeRow)[] = ENROLMENT_CHANGE_COLUMNS;

const FEED_FROM = 'enrolment e JOIN school s ON s.id = e.school_id';

/** Stands for $1 (the scope's region pattern, which `ScopedData.query` binds) while placeholders are numbered. */
const REGION_SLOT = Symbol('region pattern ($1)');

/**
 * The feed window of an enrolment feed page (see libs/persistence change-feed.ts for the
 * ordering) and the statement's own parameters for `ScopedData.query`: $1 is the scope's region
 * pattern, $2 the limit, the window's parameters follow.
 */
function enrolmentFeedWindow(after: FeedPosition | null, limit: number) {
  // `feedWindowConditions` numbers its placeholders by the length of the list it appends to: the
  // list starts with a stand-in for $1, dropped before binding.
  const numbered: unknown[] = [REGION_SLOT, limit];
  const conditions = feedWindowConditions('e', after, numbered);
  return { where: (region: RegionPredicate) => [region('e.region_code'), ...conditions].join(' AND '), numbered };
}

/** One page of the enrolment change feed inside the scope. */
export function readEnrolmentChanges(data: ScopedData, after: FeedPosition | null, limit: number): Promise<EnrolmentChangeRow[]> {
  const { where, numbered } = enrolmentFeedWindow(after, limit);
  return data.query<EnrolmentChangeRow>(
    (region) => `SELECT e.id AS "enrolmentId", e.person_id AS "personId", e.school_id AS "schoolId", e.region_code AS "schoolRegionCode",
            s.type AS "schoolType", s.ownership AS "schoolOwnership", e.academic_year AS "academicYear", e.stage, e.grade,
            e.boarding, e.special_education AS "specialEducation", e.agriculture_major AS "agricultureMajor", e.status,
            e.changed_at AS "changedAt", ${feedPositionColumns('e')}
       FROM ${FEED_FROM}
      WHERE ${where(region)}
      ORDER BY ${feedOrder('e')}
      LIMIT $2`,
    numbered.slice(1),
  );
}

/**
 * The same page in bulk form (`enrolmentChangeRows`): PostgreSQL writes the tuples —
 * ENROLMENT_CHANGE_COLUMNS, in order, valued as `enrolmentChanges` answers them.
 */
export async function readEnrolmentChangeRows(data: ScopedData, after: FeedPosition | null, first: number): Promise<FeedRowsChunk> {
  const { where, numbered } = enrolmentFeedWindow(after, first + 1);
  numbered.push(first);
  const firstParam = `$${numbered.length}`;
  const [chunk] = await data.query<FeedRowsChunk>(
    (region) =>
      feedRowsChunkSql(
        `SELECT e.change_xid, e.change_seq, json_build_array(
            e.id, e.person_id, e.school_id, e.region_code, s.type, s.ownership, e.academic_year, e.stage, e.grade,
            e.boarding, e.special_education, e.agriculture_major, e.status,
            to_char(e.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS feed_row
       FROM ${FEED_FROM}
      WHERE ${where(region)}
      ORDER BY ${feedOrder('e')}
      LIMIT $2`,
        firstParam,
      ),
    numbered.slice(1),
  );
  return chunk!;
}

export const enrolmentFeedResolvers: Resolvers = {
  Query: {
    enrolmentChanges: async (_parent, args, ctx) => {
      const { first, after } = parseFeedArgs(args);
      return toFeedPage(await readEnrolmentChanges(ctx.data, after, first + 1), first, after);
    },
    enrolmentChangeRows: async (_parent, args, ctx) => {
      const { first, after } = parseBulkFeedArgs(ctx.principal, args);
      const chunk = await readEnrolmentChangeRows(ctx.data, after, first);
      return toFeedRowsPage(chunk, first, BULK_COLUMNS, after);
    },
  },
};
