import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MonitoringCategory, RiskFlag } from '@epg/domain';

/** One dated monitoring change of a household (纳入监测 / 风险消除); `category` null: declassified. */
@Entity({ name: 'household_monitoring_change' })
export class MonitoringChangeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @Column({ name: 'category', type: 'text', nullable: true })
  category!: MonitoringCategory | null;

  @Column({ name: 'risk_flags', type: 'text', array: true })
  riskFlags!: RiskFlag[];

  @Column({ name: 'on_date', type: 'date' })
  on!: string;

  @Column({ name: 'reason', type: 'text' })
  reason!: string;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy!: string;
}
