import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { HouseholdCategory, HouseholdStatus, MonitoringCategory, PovertyCause, RiskFlag } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

export type MonitoringClass = 'POLICY_GUARANTEED' | 'CONSOLIDATING';

/** 建档立卡贫困户: a registered poor household (its region: the village). */
@RegionScoped('villageCode')
@Entity({ name: 'household' })
export class HouseholdEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'registration_number', type: 'text', unique: true })
  registrationNumber!: string;

  /** 12-digit village code. */
  @Column({ name: 'village_code', type: 'text' })
  villageCode!: string;

  @Column({ name: 'category', type: 'text' })
  category!: HouseholdCategory;

  @Column({ name: 'poverty_causes', type: 'text', array: true })
  povertyCauses!: PovertyCause[];

  @Column({ name: 'annual_income_per_capita_fen', type: 'integer' })
  annualIncomePerCapitaFen!: number;

  @Column({ name: 'income_sources', type: 'jsonb' })
  incomeSources!: { source: string; annualFen: number }[];

  @Column({ name: 'identified_on', type: 'date' })
  identifiedOn!: string;

  @Column({ name: 'status', type: 'text' })
  status!: HouseholdStatus;

  /** Date of the latest status change. */
  @Column({ name: 'status_on', type: 'date' })
  statusOn!: string;

  @Column({ name: 'last_exited_on', type: 'date', nullable: true })
  lastExitedOn!: string | null;

  @Column({ name: 'monitoring_class', type: 'text', nullable: true })
  monitoringClass!: MonitoringClass | null;

  @Column({ name: 'risk_flags', type: 'text', array: true })
  riskFlags!: string[];

  /** 防返贫监测: EDGE (边缘户) or MONITORED (监测户); null when not watched. */
  @Column({ name: 'monitoring_category', type: 'text', nullable: true })
  monitoringCategory!: MonitoringCategory | null;

  /** The day the household took its current monitoring class and flags. */
  @Column({ name: 'monitoring_since', type: 'date', nullable: true })
  monitoringSince!: string | null;

  /** Coded risk flags of the current monitoring class. */
  @Column({ name: 'monitoring_risks', type: 'text', array: true, default: () => "'{}'" })
  monitoringRisks!: RiskFlag[];

  @Column({ name: 'helper_name', type: 'text', nullable: true })
  helperName!: string | null;

  @Column({ name: 'helper_unit', type: 'text', nullable: true })
  helperUnit!: string | null;

  @Column({ name: 'helper_phone', type: 'text', nullable: true })
  helperPhone!: string | null;
}
