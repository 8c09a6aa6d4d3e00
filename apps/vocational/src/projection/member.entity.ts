import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RegionScoped } from '@epg/persistence';

/** One person of a registered household, projected from the households change feed. */
@RegionScoped('villageCode')
@Entity({ name: 'household_member' })
export class HouseholdMemberEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @Column({ name: 'village_code', type: 'text' })
  villageCode!: string;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ name: 'household_status', type: 'text' })
  householdStatus!: string;

  /** The household was REMOVED from the register (清退). */
  @Column({ name: 'removed', type: 'boolean' })
  removed!: boolean;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @Column({ name: 'projected_at', type: 'timestamptz' })
  projectedAt!: Date;
}

/** How far the projection of one region has read the feed. */
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
