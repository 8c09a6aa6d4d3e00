import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { RegionScoped } from '@epg/persistence';
import type { VocationalEnrolmentStatus } from '@epg/domain';

/** A person's enrolment in a secondary vocational programme, with the graduate's employment outcome. */
@RegionScoped('regionCode')
@Entity({ name: 'vocational_enrolment' })
export class VocationalEnrolmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** The person's village when enrolled: decides who may see the record. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  /**
   * The schools 学籍 this programme assignment was made on (the schools service owns 学籍); null
   * for enrolments recorded before the rule.
   */
  @Column({ name: 'school_enrolment_id', type: 'uuid', nullable: true })
  schoolEnrolmentId!: string | null;

  /** Academic year of the first year of study (2023 = 2023–24). */
  @Column({ name: 'start_year', type: 'integer' })
  startYear!: number;

  @Column({ name: 'status', type: 'text' })
  status!: VocationalEnrolmentStatus;

  /** 两后生: a junior/senior graduate who did not continue general schooling. */
  @Column({ name: 'non_continuing_graduate', type: 'boolean', default: false })
  nonContinuingGraduate!: boolean;

  /** Graduation or withdrawal date (ISO); null while ENROLLED. */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  /** Academic year of `endedOn`. */
  @Column({ name: 'end_academic_year', type: 'integer', nullable: true })
  endAcademicYear!: number | null;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason!: string | null;

  /** Employment outcome of a graduate: null until recorded. */
  @Column({ name: 'employed', type: 'boolean', nullable: true })
  employed!: boolean | null;

  @Column({ name: 'employer', type: 'text', nullable: true })
  employer!: string | null;

  @Column({ name: 'employed_since', type: 'date', nullable: true })
  employedSince!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** 两后生 flag of one person (the latest year it was recorded for). */
@RegionScoped('regionCode')
@Entity({ name: 'non_continuing_graduate' })
export class NonContinuingGraduateEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: string;

  /** The year they finished junior or senior secondary school without continuing. */
  @Column({ name: 'year', type: 'integer' })
  year!: number;

  @CreateDateColumn({ name: 'flagged_at', type: 'timestamptz' })
  flaggedAt!: Date;

  /** DETECTED from the registry and 学籍, or FLAGGED by an officer. */
  @Column({ name: 'source', type: 'text', default: 'FLAGGED' })
  source!: NonContinuingGraduateSource;
}

/** Where a 两后生 row comes from. */
export type NonContinuingGraduateSource = 'DETECTED' | 'FLAGGED';
