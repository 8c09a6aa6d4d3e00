import { feedOrder, feedPositionColumns, feedWindowConditions, type FeedPosition, type ScopedData } from '@epg/persistence';
import { parseFeedArgs, toFeedPage } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';

/** One row of the university admission change feed (`universityAdmissionChanges`). */
export interface UniversityAdmissionChangeRow {
  admissionId: string;
  personId: string;
  enrolmentId: string;
  schoolId: string;
  regionCode: string;
  academicYear: number;
  university: string;
  inProvince: boolean;
  admittedOn: string;
  withdrawn: boolean;
  changedAt: Date;
  changeXid: string;
  changeSeq: string;
}

/**
 * One page of the admission change feed inside the scope, built like the enrolment feed: rows of
 * committed transactions only, in (xid, seq) order (libs/persistence change-feed.ts). The scope
 * owns $1, the limit is $2, the window's parameters follow.
 */
export function readAdmissionChanges(data: ScopedData, after: FeedPosition | null, limit: number): Promise<UniversityAdmissionChangeRow[]> {
  const params: unknown[] = [null, limit]; // [0] stands for $1, which the scope binds
  const conditions = feedWindowConditions('a', after, params);
  return data.query<UniversityAdmissionChangeRow>(
    (region) => `SELECT a.id AS "admissionId", a.person_id AS "personId", a.enrolment_id AS "enrolmentId", a.school_id AS "schoolId",
            a.region_code AS "regionCode", a.academic_year AS "academicYear", a.university, a.in_province AS "inProvince",
            to_char(a.admitted_on, 'YYYY-MM-DD') AS "admittedOn", a.status = 'WITHDRAWN' AS withdrawn,
            a.changed_at AS "changedAt", ${feedPositionColumns('a')}
       FROM university_admission a
      WHERE ${[region('a.region_code'), ...conditions].join(' AND ')}
      ORDER BY ${feedOrder('a')}
      LIMIT $2`,
    params.slice(1),
  );
}

export const admissionFeedResolvers: Resolvers = {
  Query: {
    universityAdmissionChanges: async (_parent, args, ctx) => {
      const { first, after } = parseFeedArgs(args);
      return toFeedPage(await readAdmissionChanges(ctx.data, after, first + 1), first, after);
    },
  },
};
