import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** ADMITTED: the admission stands; WITHDRAWN: recorded in error or given up (放弃入学). */
export type UniversityAdmissionStatus = 'ADMITTED' | 'WITHDRAWN';

/**
 * One university admission (高考录取) of a person for an academic year, recorded beside the
 * senior-secondary 学籍 it follows: the school's region scopes it as it scopes that 学籍.
 */
@RegionScoped('regionCode')
@Entity({ name: 'university_admission' })
export class UniversityAdmissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** The senior-secondary 学籍 (final year) the admission follows. */
  @Column({ name: 'enrolment_id', type: 'uuid' })
  enrolmentId!: string;

  /** The senior school of that 学籍. */
  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  /** The senior school's region (the 学籍's region): the scope of every read of this row. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  /** The academic year the student enters university (2026 = 2026–27). */
  @Column({ name: 'academic_year', type: 'integer' })
  academicYear!: number;

  @Column({ name: 'university', type: 'text' })
  university!: string;

  /** The university lies in the student's province (省内). */
  @Column({ name: 'in_province', type: 'boolean' })
  inProvince!: boolean;

  @Column({ name: 'admitted_on', type: 'date' })
  admittedOn!: string;

  @Column({ name: 'status', type: 'text' })
  status!: UniversityAdmissionStatus;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set by the feed trigger on every change. */
  @Column({ name: 'changed_at', type: 'timestamptz', insert: false, update: false })
  changedAt!: Date;
}
