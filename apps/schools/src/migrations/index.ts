import { Initial1764000000000 } from './1764000000000-initial';
import { EnrolmentFeed1764100000000 } from './1764100000000-enrolment-feed';
import { ProjectionFeeds1764300000000 } from './1764300000000-projection-feeds';
import { RegionRollups1764410000000 } from './1764410000000-region-rollups';
import { ForeignKeyIndexes1764420000000 } from './1764420000000-foreign-key-indexes';
import { AuditDataRegion1764800000000 } from './1764800000000-audit-data-region';
import { DropoutCasePerYear1764910000000 } from './1764910000000-dropout-case-per-year';
import { DropoutCaseLifecycle1764910000001 } from './1764910000001-dropout-case-lifecycle';
import { UniversityAdmission1765030000000 } from './1765030000000-university-admission';
import { EnrolmentTransitions1765060000000 } from './1765060000000-enrolment-transitions';
import { FacilityGapCancel1765060000001 } from './1765060000001-facility-gap-cancel';

/** Every migration of the schools schema, in order. */
export const migrations = [Initial1764000000000, EnrolmentFeed1764100000000, ProjectionFeeds1764300000000, RegionRollups1764410000000, ForeignKeyIndexes1764420000000, AuditDataRegion1764800000000, DropoutCasePerYear1764910000000, DropoutCaseLifecycle1764910000001, UniversityAdmission1765030000000, EnrolmentTransitions1765060000000, FacilityGapCancel1765060000001];
