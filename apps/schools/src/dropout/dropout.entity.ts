import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { DropoutActionKind, DropoutCaseStatus, RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';
import type { DropoutCloseReason } from './dropout.rules';

/** A registered child as the households change feed last described them (projection). */
@RegionScoped('villageCode')
@Entity({ name: 'registered_child' })
export class RegisteredChildEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @Column({ name: 'village_code', type: 'text' })
  villageCode!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'gender', type: 'text' })
  gender!: string;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ name: 'has_disability', type: 'boolean' })
  hasDisability!: boolean;

  @Column({ name: 'relation_to_head', type: 'text' })
  relationToHead!: string;

  @Column({ name: 'household_status', type: 'text' })
  householdStatus!: string;

  @Column({ name: 'household_category', type: 'text' })
  householdCategory!: string;

  @Column({ name: 'household_exited_on', type: 'date', nullable: true })
  householdExitedOn!: string | null;

  @Column({ name: 'removed', type: 'boolean' })
  removed!: boolean;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @Column({ name: 'projected_at', type: 'timestamptz' })
  projectedAt!: Date;
}

/**
 * How far the projection of one region has read the change feed. Not region-scoped: a
 * projection's bookkeeping (read and written by libs/subgraph-kit projection.ts), not a region's data.
 */
@Entity({ name: 'projection_state' })
export class ProjectionStateEntity {
  /** The feed read, e.g. `households.personChanges`. */
  @PrimaryColumn({ name: 'feed', type: 'text' })
  feed!: string;

  @PrimaryColumn({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ name: 'cursor', type: 'text', nullable: true })
  cursor!: string | null;

  @Column({ name: 'refreshed_at', type: 'timestamptz', nullable: true })
  refreshedAt!: Date | null;
}

/** One child's dropout case (一生一案). */
@RegionScoped('regionCode')
@Entity({ name: 'dropout_case' })
export class DropoutCaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** The child's village code (scope of every read and write). */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'academic_year', type: 'integer' })
  academicYear!: number;

  @Column({ name: 'status', type: 'text' })
  status!: DropoutCaseStatus;

  @Column({ name: 'opened_on', type: 'date' })
  openedOn!: string;

  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn!: string | null;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason!: string | null;

  /** Why the case closed, as a code (set exactly when CLOSED). */
  @Column({ name: 'closed_as', type: 'text', nullable: true })
  closedAs!: DropoutCloseReason | null;

  /** 包保责任人: who answers for bringing the child back. */
  @Column({ name: 'assignee_name', type: 'text', nullable: true })
  assigneeName!: string | null;

  @Column({ name: 'assignee_role', type: 'text', nullable: true })
  assigneeRole!: string | null;

  @Column({ name: 'assignee_phone', type: 'text', nullable: true })
  assigneePhone!: string | null;
}

/** A dated action on a case: home visit, persuasion, home teaching, return, closing. */
@Entity({ name: 'dropout_action' })
export class DropoutActionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: DropoutActionKind;

  @Column({ name: 'on_date', type: 'date' })
  on!: string;

  @Column({ name: 'note', type: 'text' })
  note!: string;

  @Column({ name: 'status_after', type: 'text' })
  statusAfter!: DropoutCaseStatus;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
