import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RegionLevel } from '@epg/domain';

/** 行政区划: one row per region of the administrative tree. */
@Entity({ name: 'region' })
export class RegionEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  level!: RegionLevel;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode!: string | null;
}
