import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RegionScoped } from '@epg/persistence';

/** A village's poor-village facts in one year (一高一低一无). */
@RegionScoped('villageCode')
@Entity({ name: 'village_poverty_fact' })
export class VillagePovertyFactEntity {
  @PrimaryColumn({ name: 'village_code', type: 'text' })
  villageCode!: string;

  @PrimaryColumn({ name: 'year', type: 'integer' })
  year!: number;

  /** numeric(5,2): pg returns it as a string. */
  @Column({ name: 'incidence_percent', type: 'numeric', precision: 5, scale: 2 })
  incidencePercent!: string;

  @Column({ name: 'income_per_capita_fen', type: 'integer' })
  incomePerCapitaFen!: number;

  @Column({ name: 'has_collective_income', type: 'boolean' })
  hasCollectiveIncome!: boolean;
}
