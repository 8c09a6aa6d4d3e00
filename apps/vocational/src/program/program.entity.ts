import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RegionScoped } from '@epg/persistence';

/** A programme (专业) of a secondary vocational school. */
@RegionScoped('regionCode')
@Entity({ name: 'vocational_program' })
export class VocationalProgramEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  /** Region of the school: decides who may see the programme. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ name: 'major', type: 'text' })
  major!: string;

  @Column({ name: 'agricultural', type: 'boolean' })
  agricultural!: boolean;

  @Column({ name: 'duration_years', type: 'integer' })
  durationYears!: number;
}
