/**
 * The columns of a bulk page of the schools enrolment (学籍) change feed (`enrolmentChangeRows`),
 * in order: every field of `EnrolmentChange`. Pure data shared by the feed's owner (the schools
 * service writes rows in this order) and its readers (subsidies' enrolment facts, vocational's
 * 学籍 projection), so the three can never drift apart.
 */
export const ENROLMENT_CHANGE_COLUMNS = [
  'enrolmentId', 'personId', 'schoolId', 'schoolRegionCode', 'schoolType', 'schoolOwnership', 'academicYear', 'stage',
  'grade', 'boarding', 'specialEducation', 'agricultureMajor', 'status', 'changedAt',
] as const;

/** One field of an `EnrolmentChange`, as a bulk feed column. */
export type EnrolmentChangeColumn = (typeof ENROLMENT_CHANGE_COLUMNS)[number];

/**
 * A 学籍 change as the schools enrolment feed carries it to its readers (subsidies' enrolment
 * facts, vocational's 学籍 projection): one shape for both, as the feed's owner serves it.
 */
export interface EnrolmentChange {
  enrolmentId: string;
  personId: string;
  schoolId: string;
  schoolRegionCode: string;
  schoolType: string;
  schoolOwnership: string;
  academicYear: number;
  stage: string;
  grade: number;
  boarding: boolean;
  specialEducation: boolean;
  agricultureMajor: boolean;
  status: string;
  changedAt: string;
}

/** Where a reader's projection state keeps its cursor on the schools enrolment feed, and the feed's root fields. */
export const ENROLMENT_CHANGE_FEED = { name: 'schools.enrolmentChanges', field: 'enrolmentChanges', bulkField: 'enrolmentChangeRows' } as const;

/**
 * The two queries a reader pages the feed with (connection and bulk form), named after the reader
 * (`Subsidies` → `SubsidiesEnrolmentChanges`) so the owner's logs say who is reading.
 */
export function enrolmentChangeQueries(reader: string): { document: string; bulkDocument: string } {
  return {
    document: /* GraphQL */ `
    query ${reader}EnrolmentChanges($first: Int!, $after: String) {
      enrolmentChanges(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { node { ${ENROLMENT_CHANGE_COLUMNS.join(' ')} } }
      }
    }`,
    bulkDocument: /* GraphQL */ `
    query ${reader}EnrolmentChangeRows($first: Int!, $after: String) {
      enrolmentChangeRows(first: $first, after: $after) { pageInfo { hasNextPage endCursor } columns rows }
    }`,
  };
}
