import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** A county covered by the nutrition improvement plan (营养改善计划): its years and rate. */
@RegionScoped('countyCode')
@Entity({ name: 'nutrition_plan_county' })
export class NutritionPlanCountyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The county (6 digits); decides who may see and set its coverage. */
  @Column({ name: 'county_code', type: 'text' })
  countyCode!: RegionCode;

  @Column({ name: 'from_year', type: 'integer' })
  fromYear!: number;

  @Column({ name: 'to_year', type: 'integer', nullable: true })
  toYear!: number | null;

  /** Meal subsidy per student per school day, in fen. */
  @Column({ name: 'daily_fen', type: 'integer' })
  dailyFen!: number;

  @Column({ name: 'school_days', type: 'integer' })
  schoolDays!: number;

  @Column({ name: 'set_by', type: 'text' })
  setBy!: string;
}
