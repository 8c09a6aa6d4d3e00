import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Beneficiary, EntitlementKind, EntitlementStatus, RegionCode } from '@epg/domain';
import { RegionScoped } from '@epg/persistence';

/** One benefit of one student under one rule in one academic year. */
@RegionScoped('regionCode')
@Entity({ name: 'entitlement' })
export class EntitlementEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'enrolment_id', type: 'uuid', nullable: true })
  enrolmentId!: string | null;

  @Column({ name: 'school_id', type: 'uuid', nullable: true })
  schoolId!: string | null;

  /** The school's region: decides who may see and act on the entitlement. */
  @Column({ name: 'region_code', type: 'text' })
  regionCode!: RegionCode;

  @Column({ name: 'academic_year', type: 'integer' })
  academicYear!: number;

  @Column({ name: 'rule_code', type: 'text' })
  ruleCode!: string;

  @Column({ name: 'policy_set_id', type: 'uuid', nullable: true })
  policySetId!: string | null;

  @Column({ name: 'policy_version', type: 'integer', nullable: true })
  policyVersion!: number | null;

  @Column({ name: 'kind', type: 'text' })
  kind!: EntitlementKind;

  @Column({ name: 'beneficiary', type: 'text' })
  beneficiary!: Beneficiary;

  @Column({ name: 'amount_fen', type: 'integer', nullable: true })
  amountFen!: number | null;

  @Column({ name: 'funding', type: 'jsonb' })
  funding!: { source: string; percent: number }[];

  @Column({ name: 'status', type: 'text' })
  status!: EntitlementStatus;

  @Column({ name: 'back_pay', type: 'boolean' })
  backPay!: boolean;

  @Column({ name: 'source', type: 'text' })
  source!: string;

  @Column({ name: 'facts', type: 'jsonb' })
  facts!: object;

  @Column({ name: 'explanation', type: 'text' })
  explanation!: string;

  @Column({ name: 'paid_fen', type: 'integer' })
  paidFen!: number;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'publicised_at', type: 'timestamptz', nullable: true })
  publicisedAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  /** When the line was cancelled or stopped (清退). */
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  /** Who cancelled the line by hand (an officer's decision); null when the engine stopped it. */
  @Column({ name: 'cancelled_by', type: 'text', nullable: true })
  cancelledBy!: string | null;

  /** The line this one tops up (差额补发): the difference of a raised amount, approved and paid on its own. */
  @Column({ name: 'top_up_of', type: 'uuid', nullable: true })
  topUpOf!: string | null;

  /** When a benefit in kind was delivered (实物发放); null for cash lines and undelivered ones. */
  @Column({ name: 'delivered_on', type: 'date', nullable: true })
  deliveredOn!: string | null;

  @Column({ name: 'delivery_note', type: 'text', nullable: true })
  deliveryNote!: string | null;
}

/**
 * A payment against an entitlement, under the payer's idempotency key. It has no region column of
 * its own: its region is its entitlement's, and scoped reads join the entitlement.
 */
@Entity({ name: 'payment' })
export class PaymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique per `keyRegion`: a key names a payment of one region's callers only. */
  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  /**
   * The region scope of the caller who recorded the payment: the namespace of its idempotency
   * key. A caller of another region using the same key makes a payment of its own, and is never
   * answered with this one.
   */
  @Column({ name: 'key_region', type: 'text' })
  keyRegion!: RegionCode;

  @Column({ name: 'entitlement_id', type: 'uuid' })
  entitlementId!: string;

  @Column({ name: 'amount_fen', type: 'integer' })
  amountFen!: number;

  @Column({ name: 'paid_on', type: 'date' })
  paidOn!: string;

  @Column({ name: 'channel', type: 'text', nullable: true })
  channel!: string | null;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy!: string;

  /** When the payment was reversed (冲正); null while it stands. A reversed payment stays for the record. */
  @Column({ name: 'reversed_at', type: 'timestamptz', nullable: true })
  reversedAt!: Date | null;

  @Column({ name: 'reversed_by', type: 'text', nullable: true })
  reversedBy!: string | null;

  /** Why it was reversed (set with `reversedAt`). */
  @Column({ name: 'reversal_reason', type: 'text', nullable: true })
  reversalReason!: string | null;
}
