import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RegionScoped } from '@epg/persistence';
import type { SkillsTrainingKind } from '@epg/domain';

/** A skills training of an adult (新型职业农民, 转移就业, 实用技术, 创业, 雨露计划). */
@RegionScoped('regionCode')
@Entity({ name: 'skills_training' })
export class SkillsTrainingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** The person's village when recorded: decides who may see the record. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: SkillsTrainingKind;

  @Column({ name: 'hours', type: 'integer' })
  hours!: number;

  @Column({ name: 'completed_on', type: 'date' })
  completedOn!: string;

  @Column({ name: 'certificate', type: 'text', nullable: true })
  certificate!: string | null;

  /** Employed (or transferred into employment) after the training; null when unknown. */
  @Column({ name: 'employed_after', type: 'boolean', nullable: true })
  employedAfter!: boolean | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
