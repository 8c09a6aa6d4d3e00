import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 建档立卡贫困户: a registered poor household. */
@Entity({ name: 'household' })
export class HouseholdEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'registration_number', type: 'text', unique: true })
  registrationNumber!: string;

  /** 12-digit village code. */
  @Column({ name: 'village_code', type: 'text' })
  villageCode!: string;
}
