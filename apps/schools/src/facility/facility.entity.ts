import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { fenFromBigint, type FacilityCategory, type ProjectStatus, type RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** bigint columns come back from pg as strings: read exactly (`fenFromBigint`), never rounded. */
export const bigintFen = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value == null ? value : fenFromBigint(value)),
};

/** A gap against the national basic standard (办学条件缺口台账). */
@RegionScoped('regionCode')
@Entity({ name: 'facility_gap' })
export class FacilityGapEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'school_id', type: 'uuid' })
  schoolId!: string;

  /** The school's region (scope of every read). */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'category', type: 'text' })
  category!: FacilityCategory;

  @Column({ name: 'description', type: 'text' })
  description!: string;

  @Column({ name: 'estimated_cost_fen', type: 'bigint', transformer: bigintFen })
  estimatedCostFen!: number;

  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn!: string;

  /** When the gap was cancelled (recorded in error, or met without a project); null while it stands. */
  @Column({ name: 'cancelled_on', type: 'date', nullable: true })
  cancelledOn!: string | null;

  /** Why it was cancelled (set exactly when `cancelledOn` is). */
  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;
}

/** An improvement project (全面改薄, standardisation, kindergartens, canteens, dormitories, 教师公租房). */
@RegionScoped('regionCode')
@Entity({ name: 'improvement_project' })
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The school improved; null for a county-wide programme item. */
  @Column({ name: 'school_id', type: 'uuid', nullable: true })
  schoolId!: string | null;

  /** The school's region, or the county-wide programme's (scope of every read). */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: string;

  /** The programme the project belongs to, e.g. "2017年教育扶贫工程". */
  @Column({ name: 'programme', type: 'text', nullable: true })
  programme!: string | null;

  @Column({ name: 'status', type: 'text' })
  status!: ProjectStatus;

  @Column({ name: 'budget_fen', type: 'bigint', transformer: bigintFen })
  budgetFen!: number;

  @Column({ name: 'finance_fen', type: 'bigint', transformer: bigintFen })
  financeFen!: number;

  @Column({ name: 'poverty_loan_fen', type: 'bigint', transformer: bigintFen })
  povertyLoanFen!: number;

  @Column({ name: 'social_fen', type: 'bigint', transformer: bigintFen })
  socialFen!: number;

  @Column({ name: 'spent_fen', type: 'bigint', transformer: bigintFen })
  spentFen!: number;

  @Column({ name: 'started_on', type: 'date', nullable: true })
  startedOn!: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn!: string | null;

  @Column({ name: 'accepted_on', type: 'date', nullable: true })
  acceptedOn!: string | null;
}

/** A dated status change of a project. */
@Entity({ name: 'project_status_change' })
export class ProjectStatusChangeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ name: 'status', type: 'text' })
  status!: ProjectStatus;

  @Column({ name: 'on_date', type: 'date' })
  on!: string;

  @Column({ name: 'note', type: 'text', nullable: true })
  note!: string | null;
}

/** Which gaps a project closes. */
@Entity({ name: 'project_gap' })
export class ProjectGapEntity {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @PrimaryColumn({ name: 'gap_id', type: 'uuid' })
  gapId!: string;
}
