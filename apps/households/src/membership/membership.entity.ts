import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';
import type { MembershipReason } from './membership.rules';

/**
 * One stay of a person in a household (户籍成员变动): from the day they joined to the day they left
 * (null while a member). Its region: the household's village, copied, so that scope filters it.
 */
@RegionScoped('villageCode')
@Entity({ name: 'household_membership' })
export class MembershipEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @Column({ name: 'village_code', type: 'text' })
  villageCode!: string;

  @Column({ name: 'relation_to_head', type: 'text' })
  relationToHead!: Relation;

  @Column({ name: 'from_on', type: 'date' })
  from!: string;

  @Column({ name: 'joined_reason', type: 'text' })
  joinedReason!: MembershipReason;

  @Column({ name: 'to_on', type: 'date', nullable: true })
  to!: string | null;

  @Column({ name: 'left_reason', type: 'text', nullable: true })
  leftReason!: MembershipReason | null;

  @Column({ name: 'note', type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy!: string;
}
