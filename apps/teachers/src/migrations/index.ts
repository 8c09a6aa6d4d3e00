import { Initial1764000000000 } from './1764000000000-initial';
import { RegionRollups1764410000000 } from './1764410000000-region-rollups';
import { ForeignKeyIndexes1764420000000 } from './1764420000000-foreign-key-indexes';
import { AuditDataRegion1764800000000 } from './1764800000000-audit-data-region';
import { SchoolHardship1764930000000 } from './1764930000000-school-hardship';
import { HousingTarget1765080000000 } from './1765080000000-housing-target';

/** Every migration of the teachers schema, in order. */
export const migrations = [Initial1764000000000, RegionRollups1764410000000, ForeignKeyIndexes1764420000000, AuditDataRegion1764800000000, SchoolHardship1764930000000, HousingTarget1765080000000];
