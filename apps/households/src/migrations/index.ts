import { Initial1764000000000 } from './1764000000000-initial';
import { RegionRollups1764410000000 } from './1764410000000-region-rollups';
import { AuditDataRegion1764800000000 } from './1764800000000-audit-data-region';
import { ImportRequestRegionKey1764810000000 } from './1764810000000-import-request-region-key';
import { PupilEnrolments1764810000001 } from './1764810000001-pupil-enrolments';
import { HouseholdMembership1765050000000 } from './1765050000000-household-membership';
import { HouseholdMonitoring1765050000001 } from './1765050000001-household-monitoring';

/** Every migration of the households schema, in order. */
export const migrations = [
  Initial1764000000000,
  RegionRollups1764410000000,
  AuditDataRegion1764800000000,
  ImportRequestRegionKey1764810000000,
  PupilEnrolments1764810000001,
  HouseholdMembership1765050000000,
  HouseholdMonitoring1765050000001,
];
