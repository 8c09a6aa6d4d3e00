import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A subsidy policy set: rules adopted by a region for a span of academic years. */
@Entity({ name: 'policy_set' })
export class PolicySetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  /** The region code the set applies to (6 digits; inside = canonical prefix). */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  /** Canonical prefix of `regionCode`; the most specific matching prefix wins. */
  @Column({ name: 'region_prefix', type: 'text' })
  regionPrefix!: string;

  @Column({ name: 'from_year', type: 'integer' })
  fromYear!: number;

  @Column({ name: 'to_year', type: 'integer', nullable: true })
  toYear!: number | null;

  @Column({ name: 'exited_keep_benefits', type: 'boolean' })
  exitedKeepBenefits!: boolean;
}
