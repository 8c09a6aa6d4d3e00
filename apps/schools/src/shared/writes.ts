import type { EntityManager } from 'typeorm';
import { assertCanWrite } from '@epg/auth';
import { recordAudit, type AuditRecord } from '@epg/persistence';
import type { BaseContext } from '@epg/subgraph-kit';

/**
 * Runs a write in one transaction, after checking the caller may write; the audit entries the
 * work returns are recorded in the same transaction.
 */
export async function writeTransaction<T>(
  ctx: Pick<BaseContext, 'principal' | 'requestId' | 'dataSource'>,
  work: (manager: EntityManager) => Promise<{ result: T; audit: AuditRecord | AuditRecord[] }>,
): Promise<T> {
  assertCanWrite(ctx.principal);
  return ctx.dataSource.transaction(async (manager) => {
    const { result, audit } = await work(manager);
    await recordAudit(manager, { principal: ctx.principal, requestId: ctx.requestId }, audit);
    return result;
  });
}
