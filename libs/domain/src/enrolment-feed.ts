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
