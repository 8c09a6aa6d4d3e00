import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A monthly rural living allowance amount for one hardship tier, in a region, over a span of months. */
@Entity({ name: 'allowance_rate' })
export class AllowanceRateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Applies to every school region starting with this prefix; the longest matching prefix wins. */
  @Column({ name: 'region_prefix', type: 'text' })
  regionPrefix!: string;

  @Column({ name: 'hardship_tier', type: 'integer' })
  hardshipTier!: number;

  /** `YYYY-MM`, inclusive. */
  @Column({ name: 'from_month', type: 'text' })
  fromMonth!: string;

  /** `YYYY-MM`, inclusive; null while in force. */
  @Column({ name: 'to_month', type: 'text', nullable: true })
  toMonth!: string | null;

  @Column({ name: 'monthly_fen', type: 'integer' })
  monthlyFen!: number;
}
