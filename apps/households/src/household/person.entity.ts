import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A member of a registered household. */
@Entity({ name: 'person' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'household_id', type: 'uuid' })
  householdId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** 18-character resident ID number (personal data: masked unless the caller may read it). */
  @Column({ name: 'id_number', type: 'text' })
  idNumber!: string;

  /** Copied from the household so region scope filters without a join. */
  @Column({ name: 'village_code', type: 'text' })
  villageCode!: string;
}
