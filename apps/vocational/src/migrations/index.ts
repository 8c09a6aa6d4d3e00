import { Initial1764000000000 } from './1764000000000-initial';
import { ProjectionFeeds1764300000000 } from './1764300000000-projection-feeds';
import { RegionRollups1764410000000 } from './1764410000000-region-rollups';
import { AuditDataRegion1764800000000 } from './1764800000000-audit-data-region';
import { NonContinuingFeed1765030000000 } from './1765030000000-non-continuing-feed';
import { SchoolRecords1765040000000 } from './1765040000000-school-records';
import { SkilledSchoolRecords1765045000000 } from './1765045000000-skilled-school-records';

/** Every migration of the vocational schema, in order. */
export const migrations = [Initial1764000000000, ProjectionFeeds1764300000000, RegionRollups1764410000000, AuditDataRegion1764800000000, NonContinuingFeed1765030000000, SchoolRecords1765040000000, SkilledSchoolRecords1765045000000];
