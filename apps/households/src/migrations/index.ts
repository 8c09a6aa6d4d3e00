import { Initial1764000000000 } from './1764000000000-initial';
import { RegionRollups1764410000000 } from './1764410000000-region-rollups';
import { AuditDataRegion1764800000000 } from './1764800000000-audit-data-region';

/** Every migration of the households schema, in order. */
export const migrations = [Initial1764000000000, RegionRollups1764410000000, AuditDataRegion1764800000000];
