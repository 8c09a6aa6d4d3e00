import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ModelSchoolLevel, RegionCode, SchoolOwnership, SchoolType } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** A school on the register (学校). */
@RegionScoped('regionCode')
@Entity({ name: 'school' })
export class SchoolEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** 10-digit school identification code. */
  @Column({ name: 'code', type: 'text', unique: true })
  code!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'type', type: 'text' })
  type!: SchoolType;

  @Column({ name: 'ownership', type: 'text' })
  ownership!: SchoolOwnership;

  /** Township or village code. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'in_poverty_area', type: 'boolean' })
  inPovertyArea!: boolean;

  /** Model school (示范校) level, if any. */
  @Column({ name: 'model_level', type: 'text', nullable: true })
  modelLevel!: ModelSchoolLevel | null;

  /** Broadband connection (宽带网络校校通). */
  @Column({ name: 'has_broadband', type: 'boolean', default: false })
  hasBroadband!: boolean;

  @Column({ name: 'classrooms', type: 'integer', default: 0 })
  classrooms!: number;

  /** Classrooms with multimedia teaching equipment (优质资源班班通). */
  @Column({ name: 'multimedia_classrooms', type: 'integer', default: 0 })
  multimediaClassrooms!: number;

  /** For teaching points: linked to the provincial resource platform. */
  @Column({ name: 'linked_to_provincial_platform', type: 'boolean', default: false })
  linkedToProvincialPlatform!: boolean;
}
