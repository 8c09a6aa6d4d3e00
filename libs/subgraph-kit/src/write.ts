import type { EntityManager } from 'typeorm';
import { assertCanWrite, type WriteRequirement } from '@epg/auth';
import { isUniqueViolation, recordAudit, type AuditRecord, type ScopedData } from '@epg/persistence';
import type { BaseContext } from './context';
import { conflict } from './errors';

/** What a write's work receives inside the envelope. */
export interface WriteTx {
  /** The transaction's manager. */
  manager: EntityManager;
  /** The caller's scoped data access, inside the transaction. */
  data: ScopedData;
  /** Adds entries to the audit trail; they are written with the change, in the same transaction. */
  audit(records: AuditRecord | AuditRecord[]): void;
  /** Says this call changed nothing (an idempotent replay), so it leaves no audit entry. */
  unchanged(): void;
}

export interface WriteOptions extends WriteRequirement {
  /** The mutation, for errors ("registerHousehold recorded no audit entry"). */
  operation: string;
  /** Transaction isolation (PostgreSQL's default, READ COMMITTED, when absent). */
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
  /**
   * A unique violation raised by the work becomes CONFLICT: with this message, or — limited to
   * one constraint or index — with a message and details (e.g. the input field).
   */
  onUniqueViolation?: string | UniqueViolationAnswer;
}

export interface UniqueViolationAnswer {
  constraint?: string;
  message: string;
  details?: Record<string, unknown>;
}

/** A write whose rights are checked: it may look things up (e.g. in another service) before `run`. */
export interface OpenWrite {
  run<T>(work: (tx: WriteTx) => Promise<T>): Promise<T>;
}

/**
 * The one write envelope every mutation goes through: the caller's rights are checked (AUDITOR
 * and SERVICE never write; INTEGRATION only with the named scope; a required scope), then the
 * work runs in one transaction with the caller's scoped data access, and its audit entries are
 * written in that transaction — a failed write leaves neither change nor entry behind. A write
 * that records no audit entry and does not declare itself unchanged fails: every write is audited.
 */
export async function write<T>(ctx: BaseContext, options: WriteOptions, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  return openWrite(ctx, options).run(work);
}

/**
 * The envelope in two steps, for a write that must ask another service something first: the
 * rights are checked now (a caller who may not write never causes that call), the transaction
 * and the audit trail come with `run`, so no transaction is held open across the call.
 */
export function openWrite(ctx: BaseContext, options: WriteOptions): OpenWrite {
  assertCanWrite(ctx.principal, options);
  return { run: (work) => runInTransaction(ctx, options, work) };
}

async function runInTransaction<T>(ctx: BaseContext, options: WriteOptions, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  const run = async (manager: EntityManager): Promise<T> => {
    const entries: AuditRecord[] = [];
    let unchanged = false;
    const result = await work({
      manager,
      data: ctx.data.in(manager),
      audit: (records) => void entries.push(...(Array.isArray(records) ? records : [records])),
      unchanged: () => void (unchanged = true),
    });
    if (entries.length === 0 && !unchanged) throw new Error(`${options.operation} recorded no audit entry`);
    await recordAudit(manager, { principal: ctx.principal, requestId: ctx.requestId, clientRequestId: ctx.clientRequestId ?? null }, entries);
    return result;
  };
  try {
    return await (options.isolation ? ctx.dataSource.transaction(options.isolation, run) : ctx.dataSource.transaction(run));
  } catch (err) {
    const answer = typeof options.onUniqueViolation === 'string' ? { message: options.onUniqueViolation } : options.onUniqueViolation;
    if (answer && isUniqueViolation(err, answer.constraint)) throw conflict(answer.message, answer.details);
    throw err;
  }
}
