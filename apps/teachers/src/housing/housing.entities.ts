import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
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
