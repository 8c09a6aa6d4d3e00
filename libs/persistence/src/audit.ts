import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, type EntityManager } from 'typeorm';
import type { Principal } from '@epg/auth';
import { RegionScoped } from './scoped-data';
import { scrubAuditImage } from './audit-scrub';

/**
 * The audit trail (审计日志): every write and every full ID-number read, append-only.
 * Each service keeps its own `audit_entry` table in its own schema (created by
 * `auditTableSql` in the service's first migration).
 *
 * Region-scoped by the region of the data (`data_region`), not the actor's: an auditor of a
 * county sees province staff reading or changing the county's data.
 */
@RegionScoped('dataRegion')
@Entity({ name: 'audit_entry' })
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'region_scope', type: 'text' })
  regionScope!: string;

  /** The region of the data read or written (the trail's region scope); the actor's is `regionScope`. */
  @Column({ name: 'data_region', type: 'text' })
  dataRegion!: string;

  /** The gateway's own id of the request (never the caller's choice). */
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  /** The `x-request-id` the caller sent, if any (bounded, printable ASCII): the caller's, not ours. */
  @Column({ name: 'client_request_id', type: 'text', nullable: true })
  clientRequestId!: string | null;

  /** e.g. `registerHousehold`, `read:idNumber`. */
  @Column({ type: 'text' })
  operation!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;
}

export interface AuditRecord {
  operation: string;
  /**
   * The region of the data read or written (not the actor's): an auditor of that region sees the
   * entry even when the actor sits above it — the household's region, the school's, the
   * teacher's school's, …
   */
  regionCode: string;
  entityType: string;
  entityId?: string | null;
  /** Images of the data; scrubbed by `recordAudit` (no full ID number, no full birth date). */
  before?: unknown;
  after?: unknown;
}

export interface AuditActor {
  principal: Principal;
  /** The server's request id (the gateway's). */
  requestId?: string;
  /** The id the caller sent, already checked by the gateway (kept apart from ours). */
  clientRequestId?: string | null;
}

/**
 * Appends audit entries inside the caller's transaction: a failed write leaves no entry either.
 * Every before/after image is scrubbed here (`scrubAuditImage`), so no call site can store a full
 * ID number or birth date; an entry without the data's region is refused.
 */
export async function recordAudit(manager: EntityManager, actor: AuditActor, records: AuditRecord | AuditRecord[]): Promise<void> {
  const list = Array.isArray(records) ? records : [records];
  if (list.length === 0) return;
  const unplaced = list.find((r) => typeof r.regionCode !== 'string' || !/^[0-9]{2,15}$/.test(r.regionCode));
  if (unplaced) throw new Error(`audit entry ${unplaced.operation} names no region code of its data`);
  await manager.insert(
    AuditEntry,
    list.map((r) => ({
      subject: actor.principal.subject,
      role: actor.principal.role,
      regionScope: actor.principal.regionCode,
      dataRegion: r.regionCode,
      requestId: actor.requestId ?? null,
      clientRequestId: actor.clientRequestId ?? null,
      operation: r.operation,
      entityType: r.entityType,
      entityId: r.entityId ?? null,
      before: scrubAuditImage(r.before ?? null) as object | null,
      after: scrubAuditImage(r.after ?? null) as object | null,
    })),
  );
}

/** DDL for the audit table; append-only is enforced by a trigger refusing UPDATE and DELETE. */
export function auditTableSql(): string[] {
  return [
    `CREATE TABLE audit_entry (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      subject text NOT NULL,
      role text NOT NULL,
      region_scope text NOT NULL,
      data_region text NOT NULL,
      request_id text,
      client_request_id text,
      operation text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      before jsonb,
      after jsonb
    )`,
    `CREATE INDEX audit_entry_entity_idx ON audit_entry (entity_type, entity_id)`,
    `CREATE INDEX audit_entry_at_idx ON audit_entry (at)`,
    `CREATE INDEX audit_entry_data_region_idx ON audit_entry (data_region text_pattern_ops, id)`,
    `CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$`,
    `CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry
     FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`,
  ];
}
