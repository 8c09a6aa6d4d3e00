import type { DataSource } from 'typeorm';
import { regionScopePrefix } from '@epg/auth';
import type { EnrolmentStatus, SchoolOwnership, SchoolType, Stage } from '@epg/domain';
import { escapeLike, feedOrder, feedPositionColumns, feedWindowConditions, type FeedPosition } from '@epg/persistence';
import { parseFeedArgs, toFeedPage } from '@epg/subgraph-kit';
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

/** One page of the enrolment change feed (see libs/persistence change-feed.ts for the ordering). */
export function readEnrolmentChanges(dataSource: DataSource, prefix: string, after: FeedPosition | null, limit: number): Promise<EnrolmentChangeRow[]> {
  const params: unknown[] = [`${escapeLike(prefix)}%`, limit];
  const conditions = [`e.region_code LIKE $1`, ...feedWindowConditions('e', after, params)];
  return dataSource.query(
    `SELECT e.id AS "enrolmentId", e.person_id AS "personId", e.school_id AS "schoolId", e.region_code AS "schoolRegionCode",
            s.type AS "schoolType", s.ownership AS "schoolOwnership", e.academic_year AS "academicYear", e.stage, e.grade,
            e.boarding, e.special_education AS "specialEducation", e.agriculture_major AS "agricultureMajor", e.status,
            e.changed_at AS "changedAt", ${feedPositionColumns('e')}
       FROM enrolment e JOIN school s ON s.id = e.school_id
      WHERE ${conditions.join(' AND ')}
      ORDER BY ${feedOrder('e')}
      LIMIT $2`,
    params,
  );
}

export const enrolmentFeedResolvers: Resolvers = {
  Query: {
    enrolmentChanges: async (_parent, args, ctx) => {
      const { first, after } = parseFeedArgs(args);
      return toFeedPage(await readEnrolmentChanges(ctx.dataSource, regionScopePrefix(ctx.principal), after, first + 1), first);
    },
  },
};
