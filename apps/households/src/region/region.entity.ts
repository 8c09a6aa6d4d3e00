import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RegionLevel } from '@epg/domain';

/** 行政区划: one row per region of the administrative tree. */
@Entity({ name: 'region' })
export class RegionEntity {
  @PrimaryColumn({ name: 'code', type: 'text' })
  code!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'level', type: 'text' })
  level!: RegionLevel;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode!: string | null;
}
