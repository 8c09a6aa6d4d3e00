import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RegionCode, RegionLevel } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/**
 * 行政区划: one row per region of the administrative tree. Its own code is its region column;
 * a caller also sees the names of the regions above its scope (`region.access.ts`).
 */
@RegionScoped('code')
@Entity({ name: 'region' })
export class RegionEntity {
  @PrimaryColumn({ name: 'code', type: 'text' })
  code!: RegionCode;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'level', type: 'text' })
  level!: RegionLevel;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode!: RegionCode | null;
}
