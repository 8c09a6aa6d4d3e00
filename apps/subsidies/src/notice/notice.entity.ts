import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** A public notice (公示) of a school's approved entitlements for a year. */
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
  lines!: { personName: string; idNumberMasked: string; ruleCode: string; amountFen: number | null }[];

  @Column({ name: 'published_by', type: 'text' })
  publishedBy!: string;
}
