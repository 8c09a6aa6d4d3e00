import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/**
 * A school's rural flag and hardship tier (0 = town, 1–9 ever harder places): the school's, not
 * its teachers' — postings and 支教 stays take it (the allowance follows the school).
 */
@RegionScoped('regionCode')
@Entity({ name: 'school_hardship' })
export class SchoolHardshipEntity {
  @PrimaryColumn({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'rural', type: 'boolean' })
  rural!: boolean;

  @Column({ name: 'hardship_tier', type: 'integer' })
  hardshipTier!: number;
}
