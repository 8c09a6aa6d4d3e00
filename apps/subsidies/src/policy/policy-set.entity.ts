import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionCode, RegionPrefix } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';
import type { Rule } from './rule.schema';

/**
 * One version of a subsidy policy set: rules adopted by a region for a span of academic years.
 * Its region decides who may adopt or amend it. Which set governs a region is domain matching
 * (the set of an enclosing region governs, e.g. the province's set for a county), so the
 * governing-set lookups match `region_prefix` against the region rather than reading through
 * the caller's scope.
 */
@RegionScoped('regionCode')
@Entity({ name: 'policy_set' })
export class PolicySetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable across versions, e.g. `A`. */
  @Column({ name: 'code', type: 'text' })
  code!: string;

  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  /** The region code the set applies to (every region inside it). */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  /** Canonical prefix of `regionCode`; the most specific matching prefix wins. */
  @Column({ name: 'region_prefix', type: 'text' })
  regionPrefix!: RegionPrefix;

  @Column({ name: 'from_year', type: 'integer' })
  fromYear!: number;

  @Column({ name: 'to_year', type: 'integer', nullable: true })
  toYear!: number | null;

  /**
   * The first academic year this version governs (生效学年): computations of earlier years use the
   * version before it. Null: every year of the set (version 1, and amendments made without one).
   */
  @Column({ name: 'effective_from_year', type: 'integer', nullable: true })
  effectiveFromYear!: number | null;

  @Column({ name: 'exited_keep_benefits', type: 'boolean' })
  exitedKeepBenefits!: boolean;

  @Column({ name: 'rules', type: 'jsonb' })
  rules!: Rule[];

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  /** Set when a later version replaces this one; entitlements keep the version they came from. */
  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt!: Date | null;

  /** When this version was adopted (recorded): it governs computations from then until superseded. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
