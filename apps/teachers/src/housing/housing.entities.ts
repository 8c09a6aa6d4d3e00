import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A teacher rental housing unit (教师周转宿舍) of a school. */
@Entity({ name: 'housing_unit' })
export class HousingUnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ name: 'label', type: 'text' })
  label!: string;
}

/** A unit let to a teacher from a date (until `toDate`, inclusive, or open). */
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
