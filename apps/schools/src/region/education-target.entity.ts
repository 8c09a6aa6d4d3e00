import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RegionCode } from '@epg/domain';

/**
 * An indicator target adopted by a region from an academic year on (targets are data). Not
 * region-scoped: a region's report applies the targets of the regions above it too, so every
 * caller reads every target (they are published figures, not facts about people).
 */
@Entity({ name: 'education_target' })
export class EducationTargetEntity {
  @PrimaryColumn({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  /** PRESCHOOL_ENROLMENT, COMPULSORY_ENROLMENT, COMPULSORY_RETENTION, SENIOR_ENROLMENT. */
  @PrimaryColumn({ name: 'indicator', type: 'text' })
  indicator!: string;

  @PrimaryColumn({ name: 'from_year', type: 'integer' })
  fromYear!: number;

  /** A share in [0, 1]. */
  @Column({ name: 'target', type: 'numeric', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  target!: number;

  @Column({ name: 'source', type: 'text', nullable: true })
  source!: string | null;
}
