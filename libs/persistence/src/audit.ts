import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, type EntityManager } from 'typeorm';
import type { Principal } from '@epg/auth';

/**
 * The audit trail (审计日志): every write and every full ID-number read, append-only.
 * Each service keeps its own `audit_entry` table in its own schema (created by
 * `auditTableSql` in the service's first migration).
 */
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

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

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
   * The region of the data written (not the actor's): an auditor of that region sees the entry
   * even when the actor sits above it. Pass it on every new entry.
   */
  regionCode?: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditActor {
  principal: Principal;
  requestId?: string;
}

/** Appends audit entries inside the caller's transaction: a failed write leaves no entry either. */
export async function recordAudit(manager: EntityManager, actor: AuditActor, records: AuditRecord | AuditRecord[]): Promise<void> {
  const list = Array.isArray(records) ? records : [records];
  if (list.length === 0) return;
  await manager.insert(
    AuditEntry,
    list.map((r) => ({
      subject: actor.principal.subject,
      role: actor.principal.role,
      regionScope: actor.principal.regionCode,
      requestId: actor.requestId ?? null,
      operation: r.operation,
      entityType: r.entityType,
      entityId: r.entityId ?? null,
      before: (r.before ?? null) as object | null,
      after: (r.after ?? null) as object | null,
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
      request_id text,
      operation text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      before jsonb,
      after jsonb
    )`,
    `CREATE INDEX audit_entry_entity_idx ON audit_entry (entity_type, entity_id)`,
    `CREATE INDEX audit_entry_at_idx ON audit_entry (at)`,
    `CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$`,
    `CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry
     FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`,
  ];
}
