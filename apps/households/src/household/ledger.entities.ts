import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { HouseholdStatus } from '@epg/domain';

/** One dated status change of a household (进退机制). */
@Entity({ name: 'household_status_change' })
export class StatusChangeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @Column({ name: 'status', type: 'text' })
  status!: HouseholdStatus;

  @Column({ name: 'on_date', type: 'date' })
  on!: string;

  @Column({ name: 'reason', type: 'text' })
  reason!: string;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy!: string;
}

/** A help measure of the help ledger (帮扶台账). */
@Entity({ name: 'help_measure' })
export class HelpMeasureEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @Column({ name: 'measure', type: 'text' })
  measure!: string;

  @Column({ name: 'goal', type: 'text' })
  goal!: string;

  @Column({ name: 'started_on', type: 'date' })
  startedOn!: string;
}

/** A dated progress entry of a help measure. */
@Entity({ name: 'help_progress' })
export class HelpProgressEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;

  @Column({ name: 'on_date', type: 'date' })
  on!: string;

  @Column({ name: 'note', type: 'text' })
  note!: string;
}

/**
 * A bulk import, remembered by the importing caller's region and its idempotency key (unique
 * together: keys of one county are not another's), with the hash of its batch and the result it gave.
 */
@Entity({ name: 'import_request' })
export class ImportRequestEntity {
  @PrimaryColumn({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @Column({ name: 'subject', type: 'text' })
  subject!: string;

  /** sha256 of the batch's canonical JSON (`batchHash`); null for keys stored before it was kept. */
  @Column({ name: 'payload_hash', type: 'text', nullable: true })
  payloadHash!: string | null;

  @Column({ name: 'result', type: 'jsonb', nullable: true })
  result!: object | null;
}
