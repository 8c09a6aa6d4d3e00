import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** One line of a notice as posted: masked ID numbers only. */
export interface NoticeLine {
  personName: string;
  idNumberMasked: string;
  ruleCode: string;
  amountFen: number | null;
}

/**
 * A public notice (公示) of a school's live entitlements for a year. One per school and year is
 * current; a corrected notice supersedes it (the old one stays readable, linked to its successor).
 */
@RegionScoped('regionCode')
@Entity({ name: 'subsidy_notice' })
export class NoticeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  @Column({ name: 'academic_year', type: 'integer' })
  academicYear!: number;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'published_on', type: 'date' })
  publishedOn!: string;

  @Column({ name: 'lines', type: 'jsonb' })
  lines!: NoticeLine[];

  @Column({ name: 'published_by', type: 'text' })
  publishedBy!: string;

  /** First day of the notice period (公示期): the day of publication. */
  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  /** Last day of the notice period (notice-period.ts). */
  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  /** The corrected notice that replaced this one (更正公示); null while current. */
  @Column({ name: 'superseded_by', type: 'uuid', nullable: true })
  supersededBy!: string | null;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt!: Date | null;
}

/** An objection to a public notice (公示异议), received during (or after) its period, and its resolution. */
@RegionScoped('regionCode')
@Entity({ name: 'subsidy_notice_objection' })
export class NoticeObjectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'notice_id', type: 'uuid' })
  noticeId!: string;

  /** The notice's region: who may see and answer the objection. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  /** What was objected to, in the officer's words (no full ID numbers: masked before saving). */
  @Column({ name: 'summary', type: 'text' })
  summary!: string;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn!: string;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy!: string;

  @Column({ name: 'resolution', type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ name: 'resolved_on', type: 'date', nullable: true })
  resolvedOn!: string | null;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy!: string | null;
}
