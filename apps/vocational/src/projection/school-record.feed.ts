import { ENROLMENT_CHANGE_COLUMNS, ENROLMENT_CHANGE_FEED, enrolmentChangeQueries, provinceOf, type EnrolmentChange, type RegionCode } from '@epg/domain';
import { upsertRows, type UpsertTarget } from '@epg/persistence';
import {
  BULK_FEED_MAX_PAGE_SIZE,
  refreshProjection as refresh,
  type FeedSpec,
  type ProjectionDeps,
} from '@epg/subgraph-kit';

/**
 * The projection of 学籍 (the schools service owns them), refreshed from its enrolment change
 * feed read through the gateway with a SERVICE credential (never the schools tables): every
 * stage, so that 两后生 — youths whose last 学籍 is junior or senior secondary, with none after —
 * are detected, and so that a continuing 学籍 takes a person off the 两后生 list. The service's
 * background projection consumer keeps it (per province); reads never refresh it.
 */
/** A 学籍 change as the schools feed carries it (libs/domain). */
export type SchoolRecordChange = EnrolmentChange;

const schoolRecords: UpsertTarget<SchoolRecordChange> = {
  table: 'school_record',
  key: 'enrolment_id',
  columns: {
    enrolment_id: 'enrolmentId', person_id: 'personId', school_id: 'schoolId', school_region_code: 'schoolRegionCode',
    school_type: 'schoolType', academic_year: 'academicYear', stage: 'stage', grade: 'grade', status: 'status', changed_at: 'changedAt',
  },
  stamped: { projected_at: 'now()' },
};

const enrolmentQueries = enrolmentChangeQueries('Vocational');

export const schoolRecordFeed: FeedSpec<SchoolRecordChange> = {
  name: ENROLMENT_CHANGE_FEED.name,
  field: ENROLMENT_CHANGE_FEED.field,
  document: enrolmentQueries.document,
  keyOf: (change) => change.enrolmentId,
  // A province's first fill reads every 学籍 of its schools: in bulk pages (SERVICE credential).
  bulk: { field: ENROLMENT_CHANGE_FEED.bulkField, document: enrolmentQueries.bulkDocument, columns: ENROLMENT_CHANGE_COLUMNS, pageSize: BULK_FEED_MAX_PAGE_SIZE },
  apply: (manager, changes) => upsertRows(manager, schoolRecords, changes),
};

/**
 * Brings the 学籍 projection covering `regionCode` up to date now, before a write that needs it
 * (两后生 detection): the catch-up of its province, the cursor the background consumer follows.
 */
export function refreshSchoolRecords(deps: ProjectionDeps, regionCode: RegionCode): Promise<{ refreshedAt: Date; changes: number }> {
  return refresh(deps, schoolRecordFeed, provinceOf(regionCode));
}
