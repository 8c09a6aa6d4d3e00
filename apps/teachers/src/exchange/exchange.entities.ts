import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

export type RotationKind = 'ROTATION' | 'SUPPORT_TEACHING';

/**
 * A teacher's exchange (交流轮岗) or support-teaching (支教) stay at another school. Its region is the
 * sending school's (the receiving school may lie in another region).
 */
@RegionScoped('fromRegionCode')
@Entity({ name: 'teacher_rotation' })
export class TeacherRotationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'teacher_id', type: 'uuid' })
  teacherId!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: RotationKind;

  /** A school manager (校长, 副校长, 中层) rather than a teacher: counted against its own quota. */
  @Column({ name: 'manager', type: 'boolean' })
  manager!: boolean;

  @Column({ name: 'from_school_id', type: 'uuid' })
  fromSchoolId!: string;

  @Column({ name: 'from_region_code', type: 'text' })
  fromRegionCode!: RegionCode;

  @Column({ name: 'from_rural', type: 'boolean' })
  fromRural!: boolean;

  @Column({ name: 'to_school_id', type: 'uuid' })
  toSchoolId!: string;

  @Column({ name: 'to_region_code', type: 'text' })
  toRegionCode!: RegionCode;

  @Column({ name: 'to_rural', type: 'boolean' })
  toRural!: boolean;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;
}

/** A region's yearly support-teaching quota (e.g. 5 managers and 10 young teachers). */
@RegionScoped('regionCode')
@Entity({ name: 'support_teaching_quota' })
export class SupportTeachingQuotaEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'year', type: 'integer' })
  year!: number;

  @Column({ name: 'managers', type: 'integer' })
  managers!: number;

  @Column({ name: 'teachers', type: 'integer' })
  teachers!: number;
}

/** A strong school paired with a supported school (结对帮扶). */
@RegionScoped('regionCode')
@Entity({ name: 'school_pairing' })
export class SchoolPairingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'strong_school_id', type: 'uuid' })
  strongSchoolId!: string;

  @Column({ name: 'strong_region_code', type: 'text' })
  strongRegionCode!: RegionCode;

  @Column({ name: 'supported_school_id', type: 'uuid' })
  supportedSchoolId!: string;

  /** Region of the supported school: decides who may see the pairing. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'started_on', type: 'date' })
  startedOn!: string;

  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;
}

/** One exchange activity of a pairing (听课, 送课, 教研…). No region column: read through its pairing. */
@Entity({ name: 'exchange_activity' })
export class ExchangeActivityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'pairing_id', type: 'uuid' })
  pairingId!: string;

  @Column({ name: 'held_on', type: 'date' })
  heldOn!: string;

  @Column({ name: 'title', type: 'text' })
  title!: string;
}

/** An experienced teacher mentoring a younger one (师徒结对). */
@RegionScoped('regionCode')
@Entity({ name: 'mentor_pair' })
export class MentorPairEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'mentor_id', type: 'uuid' })
  mentorId!: string;

  @Column({ name: 'mentee_id', type: 'uuid' })
  menteeId!: string;

  /** Region of the mentee's school. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'started_on', type: 'date' })
  startedOn!: string;
}
