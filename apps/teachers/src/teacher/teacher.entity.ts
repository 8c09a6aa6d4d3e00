import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TeacherPostType } from '@epg/domain';

/** A teacher (教师). */
@Entity({ name: 'teacher' })
export class TeacherEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  /** Region of the school (township or village code): decides who may see the teacher. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ name: 'post_type', type: 'text' })
  postType!: TeacherPostType;

  @Column({ name: 'rural', type: 'boolean' })
  rural!: boolean;
}
