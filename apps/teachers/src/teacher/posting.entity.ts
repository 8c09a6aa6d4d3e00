import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** One posting of a teacher at a school, from a date until the day before the next one. */
@RegionScoped('regionCode')
@Entity({ name: 'teacher_posting' })
export class TeacherPostingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'teacher_id', type: 'uuid' })
  teacherId!: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'rural', type: 'boolean' })
  rural!: boolean;

  @Column({ name: 'hardship_tier', type: 'integer' })
  hardshipTier!: number;

  @Column({ name: 'from_date', type: 'date' })
  fromDate!: string;

  /** Last day of the posting; null while current. */
  @Column({ name: 'to_date', type: 'date', nullable: true })
  toDate!: string | null;
}
