import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionCode, TrainingLevel } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** One completed training (one person-time, 人次) of a teacher. */
@RegionScoped('regionCode')
@Entity({ name: 'training_record' })
export class TrainingRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'teacher_id', type: 'uuid' })
  teacherId!: string;

  @Column({ name: 'level', type: 'text' })
  level!: TrainingLevel;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  @Column({ name: 'hours', type: 'integer' })
  hours!: number;

  @Column({ name: 'completed_on', type: 'date' })
  completedOn!: string;

  /** Region of the teacher's school when the training was recorded. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;
}
