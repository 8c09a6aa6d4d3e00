import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EnrolmentStatus, RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';
import type { EnrolmentTransitionKind } from './enrolment-transitions.rules';

/** One dated act on a 学籍 record: graduation, suspension (休学), resumption, dropout, correction. */
@RegionScoped('regionCode')
@Entity({ name: 'enrolment_transition' })
export class EnrolmentTransitionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'enrolment_id', type: 'uuid' })
  enrolmentId!: string;

  /** The record's region when the act was recorded (the scope of every read). */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'kind', type: 'text' })
  kind!: EnrolmentTransitionKind;

  @Column({ name: 'on_date', type: 'date' })
  on!: string;

  @Column({ name: 'reason', type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'status_after', type: 'text' })
  statusAfter!: EnrolmentStatus;

  /** A correction's changed fields, old and new (`{ grade: { from: 2, to: 3 } }`); null otherwise. */
  @Column({ name: 'changes', type: 'jsonb', nullable: true })
  changes!: Record<string, { from: unknown; to: unknown }> | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
