import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** A teacher rental housing unit (教师周转宿舍) of a school. */
@RegionScoped('regionCode')
@Entity({ name: 'housing_unit' })
export class HousingUnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'label', type: 'text' })
  label!: string;

  /** The day the unit was built (竣工); null for units recorded before the date was kept. */
  @Column({ name: 'built_on', type: 'date', nullable: true })
  builtOn!: string | null;
}

/**
 * A region's rental-housing target (seed 000: 教师公租房 372 套 by the end of 2016): the units
 * its teachers should have by a date. One per region, replaced when set again.
 */
@RegionScoped('regionCode')
@Entity({ name: 'housing_target' })
export class HousingTargetEntity {
  @PrimaryColumn({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'units', type: 'integer' })
  units!: number;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;
}

/** A unit let to a teacher from a date (until `toDate`, inclusive, or open). No region column: read through its unit. */
@Entity({ name: 'housing_allocation' })
export class HousingAllocationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ name: 'teacher_id', type: 'uuid' })
  teacherId!: string;

  @Column({ name: 'from_date', type: 'date' })
  fromDate!: string;

  @Column({ name: 'to_date', type: 'date', nullable: true })
  toDate!: string | null;
}
