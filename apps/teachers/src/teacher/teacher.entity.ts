import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Gender, RegionCode, TeacherPostType } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** A teacher (教师): the current posting is kept on the row, the history in `teacher_posting`. */
@RegionScoped('regionCode')
@Entity({ name: 'teacher' })
export class TeacherEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  /** Full ID number: never leaves the service unmasked. */
  @Column({ name: 'id_number', type: 'text' })
  idNumber!: string;

  @Column({ name: 'gender', type: 'text' })
  gender!: Gender;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  /** Region of the current school (township or village code): decides who may see the teacher. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'post_type', type: 'text' })
  postType!: TeacherPostType;

  @Column({ name: 'rural', type: 'boolean' })
  rural!: boolean;

  /** 0 = town; higher = harder place (drives the rural living allowance). */
  @Column({ name: 'hardship_tier', type: 'integer' })
  hardshipTier!: number;

  @Column({ name: 'title', type: 'text', nullable: true })
  title!: string | null;

  @Column({ name: 'subjects', type: 'text', array: true, default: () => "'{}'" })
  subjects!: string[];

  @Column({ name: 'started_on', type: 'date' })
  startedOn!: string;

  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn!: string | null;
}
