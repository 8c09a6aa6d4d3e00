import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EnrolmentStatus, RegionCode, Stage } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** One year of a person's school registration (学籍). */
@RegionScoped('regionCode')
@Entity({ name: 'enrolment' })
export class EnrolmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  /** The school's region when the record was made: the scope of every read of this row. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'academic_year', type: 'integer' })
  academicYear!: number;

  @Column({ name: 'stage', type: 'text' })
  stage!: Stage;

  @Column({ name: 'grade', type: 'integer' })
  grade!: number;

  @Column({ name: 'boarding', type: 'boolean' })
  boarding!: boolean;

  @Column({ name: 'special_education', type: 'boolean', default: false })
  specialEducation!: boolean;

  @Column({ name: 'agriculture_major', type: 'boolean', default: false })
  agricultureMajor!: boolean;

  @Column({ name: 'status', type: 'text' })
  status!: EnrolmentStatus;

  @Column({ name: 'enrolled_on', type: 'date' })
  enrolledOn!: string;

  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @Column({ name: 'transferred_to_id', type: 'uuid', nullable: true })
  transferredToId!: string | null;
}
