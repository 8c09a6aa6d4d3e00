import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Gender, Relation } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

export type LabourCapacity = 'FULL' | 'PARTIAL' | 'NONE';

/** A member of a registered household (its region: the household's village, copied). */
@RegionScoped('villageCode')
@Entity({ name: 'person' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  /** 18-character resident ID number (personal data: masked unless the caller may read it). */
  @Column({ name: 'id_number', type: 'text' })
  idNumber!: string;

  @Column({ name: 'gender', type: 'text' })
  gender!: Gender;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ name: 'relation_to_head', type: 'text' })
  relationToHead!: Relation;

  @Column({ name: 'has_disability', type: 'boolean' })
  hasDisability!: boolean;

  /** Copied from the household so region scope filters without a join. */
  @Column({ name: 'village_code', type: 'text' })
  villageCode!: string;

  /** False once the household is REMOVED: the ID number may then be registered again. */
  @Column({ name: 'live', type: 'boolean' })
  live!: boolean;

  /** The day the member left the registry (deceased, moved out …); null while a member. */
  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn!: string | null;

  @Column({ name: 'labour_capacity', type: 'text', nullable: true })
  labourCapacity!: LabourCapacity | null;

  @Column({ name: 'labour_skills', type: 'text', array: true })
  labourSkills!: string[];

  @Column({ name: 'employed', type: 'boolean', nullable: true })
  employed!: boolean | null;

  @Column({ name: 'employer', type: 'text', nullable: true })
  employer!: string | null;

  @Column({ name: 'labour_updated_on', type: 'date', nullable: true })
  labourUpdatedOn!: string | null;
}
