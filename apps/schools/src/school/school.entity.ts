import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SchoolOwnership, SchoolType } from '@epg/domain';

/** A school on the register (学校). */
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
  regionCode!: string;

  @Column({ name: 'in_poverty_area', type: 'boolean' })
  inPovertyArea!: boolean;
}
