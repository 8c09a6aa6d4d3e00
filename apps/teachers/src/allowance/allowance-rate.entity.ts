import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { parseRegionPrefix, type RegionPrefix } from '@epg/domain';

/**
 * A monthly rural living allowance amount for one hardship tier, in a region, over a span of months.
 * Policy, not region-owned data: every caller reads the rates of the regions above its own too, so
 * the entity is not `@RegionScoped`.
 */
@Entity({ name: 'allowance_rate' })
export class AllowanceRateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Applies to every school region starting with this prefix; the longest matching prefix wins. */
  @Column({
    name: 'region_prefix',
    type: 'text',
    // Stored as a canonical prefix (`canonicalPrefix` of the input code); read back as one.
    transformer: { from: (stored: string | null) => (stored === null ? null : parseRegionPrefix(stored)), to: (prefix: RegionPrefix) => prefix },
  })
  regionPrefix!: RegionPrefix;

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
